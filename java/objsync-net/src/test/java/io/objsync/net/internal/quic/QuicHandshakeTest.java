package io.objsync.net.internal.quic;

import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.quic.engine.EngineStream;
import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake on our own packets: engine to engine over UDP (with and without loss), refusals (wrong key,
 * unserved protocol), and against an independent QUIC implementation, kwik behind {@link QuicEndpoint}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuicHandshakeTest {

    private static final String ALPN = "/objsync/test/1";
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BlockingQueue<EngineStream> accepted = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private DatagramChannel channel() throws IOException {
        DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        resources.add(ch);
        return ch;
    }

    /** A sink that drops datagrams with probability {@code drop} (seeded), else sends them on {@code ch}. */
    private static EngineConnection.DatagramSink sink(DatagramChannel ch, double drop, long seed) {
        Random random = new Random(seed);
        return (b, o, l) -> {
            boolean lost;
            synchronized (random) {
                lost = random.nextDouble() < drop;
            }
            if (!lost) {
                ch.write(ByteBuffer.wrap(b, o, l));
            }
        };
    }

    /** Reads {@code ch} on a thread, handing each datagram to what {@code target} holds at the time. */
    private static void pump(DatagramChannel ch, AtomicReference<QuicHandshake> target, ServerStarter starter) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    ch.read(buf);
                    QuicHandshake h = target.get();
                    if (h == null && starter != null) {
                        target.set(starter.start(buf.array(), buf.position()));
                    } else if (h != null) {
                        h.deliver(buf.array(), 0, buf.position());
                    }
                }
            } catch (ClosedChannelException e) {
                // the test is over
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "test-pump");
        t.setDaemon(true);
        t.start();
    }

    private interface ServerStarter {
        QuicHandshake start(byte[] first, int length);
    }

    private record Pair(QuicHandshake client, AtomicReference<QuicHandshake> server) {
    }

    private Pair handshake(NodeKey clientKey, NodeKey serverKey, io.objsync.net.NodeId dialled, String alpn,
                           double drop) throws IOException {
        return handshake(clientKey, serverKey, dialled, alpn, drop, null);
    }

    /** As above; {@code clientLink} (if not null) makes the client's sink of its channel. */
    private Pair handshake(NodeKey clientKey, NodeKey serverKey, io.objsync.net.NodeId dialled, String alpn,
                           double drop, java.util.function.Function<DatagramChannel, EngineConnection.DatagramSink>
                                   clientLink) throws IOException {
        DatagramChannel c = channel();
        DatagramChannel s = channel();
        c.connect(s.getLocalAddress());
        s.connect(c.getLocalAddress());
        EngineConnection.Settings settings = EngineConnection.Settings.defaults();
        AtomicReference<QuicHandshake> server = new AtomicReference<>();
        pump(s, server, (first, length) -> QuicHandshake.accept(serverKey, Set.of(ALPN), settings,
                sink(s, drop, 2), accepted::add, first, 0, length));
        QuicHandshake client = QuicHandshake.dial(clientKey, dialled, alpn, settings,
                clientLink == null ? sink(c, drop, 1) : clientLink.apply(c));
        pump(c, new AtomicReference<>(client), null);
        return new Pair(client, server);
    }

    @Test
    void twoEnginesHandshakeProveTheirKeysAndCarryAStream() throws Exception {
        NodeKey clientKey = NodeKey.generate();
        NodeKey serverKey = NodeKey.generate();
        Pair p = handshake(clientKey, serverKey, serverKey.nodeId(), ALPN, 0);
        EngineConnection client = p.client().await(10_000);
        resources.add(client);
        assertEquals(serverKey.nodeId(), p.client().peer());
        assertEquals(ALPN, p.client().alpn());
        EngineStream s = client.openStream();
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        s.output().write(data);
        s.output().close();
        EngineStream theirs = accepted.poll(10, TimeUnit.SECONDS);
        assertArrayEquals(data, theirs.input().readAllBytes());
        EngineConnection server = p.server().get().await(1000);
        resources.add(server);
        assertEquals(clientKey.nodeId(), p.server().get().peer());
        assertEquals(ALPN, p.server().get().alpn());
    }

    /**
     * A client link on which the client's first 1-RTT datagrams overtake its Finished: every handshake datagram
     * after the first is held until a 1-RTT one went out, and sent 200 ms later; from then on every 1-RTT datagram
     * is lost. So the server gets the client's first stream data only before it has the connection to put it in.
     */
    private static EngineConnection.DatagramSink finishedOvertaken(DatagramChannel ch) {
        List<byte[]> held = new ArrayList<>();
        int[] handshakeDatagrams = {0};
        boolean[] releasing = {false, false}; // scheduled, done
        return (b, o, l) -> {
            synchronized (held) {
                boolean oneRtt = (b[o] & 0x80) == 0;
                if (!oneRtt && ++handshakeDatagrams[0] > 1 && !releasing[1]) {
                    held.add(java.util.Arrays.copyOfRange(b, o, o + l));
                    return;
                }
                if (oneRtt && releasing[1]) {
                    return; // lost: a retransmission cannot make up for a dropped first flight
                }
                ch.write(ByteBuffer.wrap(b, o, l));
                if (oneRtt && !releasing[0]) {
                    releasing[0] = true;
                    Thread release = new Thread(() -> {
                        try {
                            Thread.sleep(200);
                            synchronized (held) {
                                releasing[1] = true;
                                for (byte[] d : held) {
                                    ch.write(ByteBuffer.wrap(d));
                                }
                            }
                        } catch (InterruptedException | IOException e) {
                            // the test fails on the missing data
                        }
                    });
                    release.setDaemon(true);
                    release.start();
                }
            }
        };
    }

    @Test
    void streamDataThatOvertakesTheClientsFinishedIsKeptForTheConnection() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        Pair p = handshake(NodeKey.generate(), serverKey, serverKey.nodeId(), ALPN, 0,
                QuicHandshakeTest::finishedOvertaken);
        EngineConnection client = p.client().await(10_000);
        resources.add(client);
        EngineStream s = client.openStream();
        s.output().write(new byte[] {4, 2});
        s.output().close();
        EngineStream theirs = accepted.poll(10, TimeUnit.SECONDS);
        assertTrue(theirs != null, "the server took the stream from the 1-RTT datagram that came first");
        assertArrayEquals(new byte[] {4, 2}, theirs.input().readAllBytes());
        resources.add(p.server().get().await(1000));
    }

    @Test
    void theHandshakeSurvivesLosingAFifthOfItsDatagrams() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        for (int round = 0; round < 5; round++) {
            Pair p = handshake(NodeKey.generate(), serverKey, serverKey.nodeId(), ALPN, 0.2);
            EngineConnection client = p.client().await(30_000);
            resources.add(client);
            EngineStream s = client.openStream();
            s.output().write(new byte[] {7, (byte) round});
            s.output().close();
            EngineStream theirs = accepted.poll(30, TimeUnit.SECONDS);
            assertArrayEquals(new byte[] {7, (byte) round}, theirs.input().readAllBytes());
            resources.add(p.server().get().await(1000));
        }
    }

    @Test
    void aServerWithAnotherKeyIsRefused() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        Pair p = handshake(NodeKey.generate(), serverKey, NodeKey.generate().nodeId(), ALPN, 0);
        QuicTransportException e = assertThrows(QuicTransportException.class, () -> p.client().await(10_000));
        assertEquals(0x100 + 42, e.errorCode(), e.getMessage()); // bad_certificate
    }

    @Test
    void anUnservedProtocolIsRefusedWithNoApplicationProtocol() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        Pair p = handshake(NodeKey.generate(), serverKey, serverKey.nodeId(), "/not/served", 0);
        QuicTransportException e = assertThrows(QuicTransportException.class, () -> p.client().await(10_000));
        assertEquals(0x100 + 120, e.errorCode(), e.getMessage()); // no_application_protocol
    }

    @Test
    void garbageOrAForgedInitialNeverBecomesAConnectionAndItsThreadEnds() throws Exception {
        EngineConnection.Settings quick = new EngineConnection.Settings(1452, 1 << 20, 1 << 20, 1 << 22, 2, 10, 300, true);
        Random random = new Random(11);
        List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1200];
            random.nextBytes(junk);
            junk[0] = (byte) (0xc0 | (junk[0] & 0x0f)); // a long-header Initial, version whatever
            if (i % 2 == 0) {
                junk[1] = 0;
                junk[2] = 0;
                junk[3] = 0;
                junk[4] = 1; // version 1: it gets as far as Initial decryption, which fails
                junk[5] = 8;
                junk[14] = 0;
            }
            QuicHandshake h = QuicHandshake.accept(NodeKey.generate(), Set.of(ALPN), quick,
                    (b, o, l) -> sent.add(b), accepted::add, junk, 0, junk.length);
            IOException e = assertThrows(IOException.class, () -> h.await(5_000));
            assertTrue(e.getMessage().contains("no QUIC handshake"), e.getMessage());
        }
        assertEquals(0, sent.size(), "nothing is ever sent in answer to garbage");
    }

    @Test
    void ourEngineDialsKwikBehindQuicEndpoint() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        StreamHandler echo = stream -> {
            byte[] all = stream.input().readAllBytes();
            stream.output().write(all);
            stream.finishOutput();
        };
        QuicEndpoint kwik = QuicEndpoint.bind(serverKey, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of(ALPN, echo));
        resources.add(kwik::close);
        InetSocketAddress at = kwik.addr().directAddresses().get(0);
        DatagramChannel c = channel();
        c.connect(at);
        NodeKey clientKey = NodeKey.generate();
        QuicHandshake h = QuicHandshake.dial(clientKey, serverKey.nodeId(), ALPN,
                EngineConnection.Settings.defaults(), sink(c, 0, 1));
        pump(c, new AtomicReference<>(h), null);
        EngineConnection client = h.await(10_000);
        resources.add(client);
        EngineStream s = client.openStream();
        byte[] data = new byte[200_000];
        new Random(5).nextBytes(data);
        s.output().write(data);
        s.output().close();
        assertArrayEquals(data, s.input().readAllBytes());
    }

    @Test
    void kwikBehindQuicEndpointDialsOurEngine() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        DatagramChannel s = channel();
        AtomicReference<QuicHandshake> server = new AtomicReference<>();
        // the first datagram names the client's address: answer there
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    java.net.SocketAddress from = s.receive(buf);
                    QuicHandshake h = server.get();
                    if (h == null) {
                        EngineConnection.DatagramSink reply = (b, o, l) -> s.send(ByteBuffer.wrap(b, o, l), from);
                        server.set(QuicHandshake.accept(serverKey, Set.of(ALPN),
                                EngineConnection.Settings.defaults(), reply, accepted::add, buf.array(), 0,
                                buf.position()));
                    } else {
                        h.deliver(buf.array(), 0, buf.position());
                    }
                }
            } catch (ClosedChannelException e) {
                // over
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        Thread echo = new Thread(() -> {
            try {
                EngineStream st = accepted.take();
                byte[] all = st.input().readAllBytes();
                st.output().write(all);
                st.output().close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        echo.setDaemon(true);
        echo.start();
        QuicEndpoint kwik = QuicEndpoint.bind(NodeKey.generate(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
        resources.add(kwik::close);
        InetSocketAddress at = (InetSocketAddress) s.getLocalAddress();
        try (PeerStream stream = kwik.connect(io.objsync.net.NodeAddr.of(serverKey.nodeId(), at), ALPN)) {
            byte[] data = new byte[150_000];
            new Random(9).nextBytes(data);
            stream.output().write(data);
            stream.finishOutput();
            InputStream in = stream.input();
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(kwik.nodeId(), server.get().peer());
        assertEquals(ALPN, server.get().alpn());
    }
}
