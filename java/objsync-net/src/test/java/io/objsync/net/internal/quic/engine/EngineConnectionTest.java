package io.objsync.net.internal.quic.engine;

import io.objsync.net.internal.quic.engine.handshake.TransportParameters;
import io.objsync.net.internal.quic.engine.packet.AeadAlgorithm;
import io.objsync.net.internal.quic.engine.packet.OneRttPackets;
import io.objsync.net.internal.quic.engine.stream.StreamResetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our own data path end to end: two {@link EngineConnection}s with shared 1-RTT keys (no handshake yet), over an
 * in-memory datagram pipe that can drop, reorder and duplicate, and over real UDP sockets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineConnectionTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BlockingQueue<EngineStream> accepted = new LinkedBlockingQueue<>();
    /** Threads for the blocking sides of the tests (the common pool has one thread on two cores). */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "engine-test");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** Keys, connection ids and parameters for a pair. */
    private static final class Keys {
        final byte[] clientSecret = random(32);
        final byte[] serverSecret = random(32);
        final byte[] clientCid = random(8);
        final byte[] serverCid = random(8);

        OneRttPackets packets(boolean client) {
            return new OneRttPackets(AeadAlgorithm.AES_128_GCM, clientSecret, serverSecret, client);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random().nextBytes(b);
        return b;
    }

    /**
     * A datagram path in memory: each datagram is dropped, duplicated or held back behind the next one with the
     * given probabilities (seeded), then delivered on the sender's thread.
     */
    private static class Pipe implements EngineConnection.DatagramSink {
        private final Random random;
        private final double drop;
        private final double reorder;
        private final double duplicate;
        volatile EngineConnection to;
        volatile boolean severed;
        /** Datagrams longer than this are lost, as on a path with that MTU. */
        volatile int pathMtu = Integer.MAX_VALUE;
        /** The longest datagram that got through. */
        volatile int largestDelivered;
        private byte[] held;

        Pipe(long seed, double drop, double reorder, double duplicate) {
            this.random = new Random(seed);
            this.drop = drop;
            this.reorder = reorder;
            this.duplicate = duplicate;
        }

        @Override
        public synchronized void send(byte[] buf, int off, int len) {
            if (severed || to == null || random.nextDouble() < drop || len > pathMtu) { // null: not wired yet
                return;
            }
            largestDelivered = Math.max(largestDelivered, len);
            if (held == null && random.nextDouble() < reorder) {
                held = java.util.Arrays.copyOfRange(buf, off, off + len);
                return;
            }
            to.deliver(buf, off, len);
            if (random.nextDouble() < duplicate) {
                to.deliver(buf, off, len);
            }
            if (held != null) {
                to.deliver(held, 0, held.length);
                held = null;
            }
        }
    }

    /**
     * A pipe that takes runs of datagrams in one call, as a GSO socket does, and checks each run is cut as GSO
     * would cut it: every datagram but the last exactly {@code segment} bytes.
     */
    private static final class BatchingPipe extends Pipe {
        final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        volatile String badRun;

        BatchingPipe(long seed, double drop, double reorder, double duplicate) {
            super(seed, drop, reorder, duplicate);
        }

        @Override
        public void send(byte[] buf, int off, int len, int segment) throws IOException {
            if (len > segment) {
                runs.incrementAndGet();
            }
            for (int at = off, end = off + len; at < end; at += segment) {
                int n = Math.min(segment, end - at);
                if (n != segment && at + n != end) {
                    badRun = "a short datagram inside a run";
                }
                send(buf, at, n);
            }
        }

        @Override
        public int maxSegments() {
            return 64;
        }
    }

    private EngineConnection[] pair(Pipe toServer, Pipe toClient, EngineConnection.Settings settings) {
        Keys k = new Keys();
        return pair(toServer, toClient, settings, k.packets(true), k.packets(false), k);
    }

    private EngineConnection[] pair(Pipe toServer, Pipe toClient, EngineConnection.Settings settings,
                                    OneRttPackets clientPackets, OneRttPackets serverPackets, Keys k) {
        TransportParameters params = EngineConnection.localParameters(settings).build();
        EngineConnection server = new EngineConnection(true, serverPackets, k.clientCid, 8, params, settings,
                toClient, accepted::add, "test-server");
        EngineConnection client = new EngineConnection(false, clientPackets, k.serverCid, 8, params, settings,
                toServer, s -> { }, "test-client");
        toServer.to = server;
        toClient.to = client;
        resources.add(server);
        resources.add(client);
        return new EngineConnection[] {client, server};
    }

    /** The server side echoes every stream it accepts, in 64 KiB pieces, until its FIN. */
    private void echoAccepted(int streams) {
        for (int i = 0; i < streams; i++) {
            CompletableFuture.runAsync(() -> {
                try {
                    EngineStream s = accepted.take();
                    InputStream in = s.input();
                    OutputStream out = s.output();
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                    out.close();
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }, THREADS);
        }
    }

    /** Writes {@code data} on a new stream (on another thread), reads the echo, returns it. */
    private static byte[] echo(EngineConnection client, byte[] data) throws Exception {
        EngineStream s = client.openStream();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = s.output()) {
                for (int off = 0; off < data.length; off += 50_000) {
                    out.write(data, off, Math.min(50_000, data.length - off));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, THREADS);
        byte[] back = s.input().readAllBytes();
        writer.get(60, TimeUnit.SECONDS);
        return back;
    }

    @Test
    void bytesSurviveLossReorderingAndDuplication() throws Exception {
        EngineConnection[] c = pair(new Pipe(1, 0.05, 0.05, 0.02), new Pipe(2, 0.05, 0.05, 0.02),
                EngineConnection.Settings.defaults());
        echoAccepted(1);
        byte[] data = random(3 << 20);
        assertArrayEquals(sha256(data), sha256(echo(c[0], data)));
    }

    /** Keys whose confidentiality limit is {@code limit} packets, so a few MB make several key updates. */
    private static OneRttPackets limited(Keys k, boolean client, long limit) {
        return new OneRttPackets(AeadAlgorithm.AES_128_GCM, k.clientSecret, k.serverSecret, client,
                AeadAlgorithm.AES_128_GCM.integrityLimit(), limit);
    }

    @Test
    void aLongTransferUpdatesKeysBeforeTheirLimitAndLosesNothing() throws Exception {
        Keys k = new Keys();
        // the client's key wears out after 200 packets, the server's after 300: both initiate updates, and each
        // follows the other's, through loss and reordering
        EngineConnection[] c = pair(new Pipe(5, 0.02, 0.02, 0.01), new Pipe(6, 0.02, 0.02, 0.01),
                EngineConnection.Settings.defaults(), limited(k, true, 200), limited(k, false, 300), k);
        echoAccepted(1);
        byte[] data = random(4 << 20);
        assertArrayEquals(sha256(data), sha256(echo(c[0], data)));
        assertTrue(c[0].keyGeneration() >= 5, "the client updated keys " + c[0].keyGeneration() + " times");
        assertTrue(c[1].keyGeneration() >= 5, "the server updated keys " + c[1].keyGeneration() + " times");
    }

    /** A pair with the default settings over these pipes, after {@code bytes} random bytes were echoed intact. */
    private EngineConnection[] echoedPair(Pipe toServer, Pipe toClient, int bytes) throws Exception {
        EngineConnection[] c = pair(toServer, toClient, EngineConnection.Settings.defaults());
        echoAccepted(1);
        byte[] data = random(bytes);
        assertArrayEquals(sha256(data), sha256(echo(c[0], data)));
        return c;
    }

    @Test
    void fullPacketsGoOutInRunsOfEqualDatagramsAndSurviveLoss() throws Exception {
        BatchingPipe toServer = new BatchingPipe(7, 0.03, 0.03, 0.01);
        BatchingPipe toClient = new BatchingPipe(8, 0.03, 0.03, 0.01);
        echoedPair(toServer, toClient, 3 << 20);
        assertTrue(toServer.runs.get() > 10, "the client sent " + toServer.runs.get() + " runs");
        assertTrue(toClient.runs.get() > 10, "the server sent " + toClient.runs.get() + " runs");
        assertEquals(null, toServer.badRun);
        assertEquals(null, toClient.badRun);
    }

    @Test
    void pathMtuDiscoveryFindsTheLargestDatagramAPathCarries() throws Exception {
        Pipe toServer = new Pipe(9, 0.01, 0, 0);
        Pipe toClient = new Pipe(10, 0.01, 0, 0);
        toServer.pathMtu = 1350; // a tunnel: 1452-byte datagrams vanish without a trace
        toClient.pathMtu = 1350;
        EngineConnection[] c = pair(toServer, toClient, EngineConnection.Settings.defaults());
        assertEquals(1200, c[0].datagramSize(), "every path carries 1200 bytes: the start");
        echoAccepted(1);
        byte[] data = random(2 << 20);
        assertArrayEquals(sha256(data), sha256(echo(c[0], data)));
        for (EngineConnection e : c) {
            assertTrue(e.datagramSize() > 1350 - 32 && e.datagramSize() <= 1350,
                    "found " + e.datagramSize() + " for a path of 1350");
        }
    }

    @Test
    void anOpenPathIsProbedUpToTheLargestDatagramBothEndsTake() throws Exception {
        Pipe toServer = new Pipe(11, 0, 0, 0);
        EngineConnection[] c = echoedPair(toServer, new Pipe(12, 0, 0, 0), 1 << 20);
        assertEquals(1452, c[0].datagramSize());
        assertEquals(1452, c[1].datagramSize());
        assertEquals(1452, toServer.largestDelivered);
    }

    @Test
    void aKnownPathIsUsedAtFullSizeFromTheStart() {
        EngineConnection[] c = pair(new Pipe(13, 0, 0, 0), new Pipe(14, 0, 0, 0),
                EngineConnection.Settings.defaults().withPathMtuDiscovery(false));
        assertEquals(1452, c[0].datagramSize());
    }

    @Test
    void manyStreamsRunAtOnceOverOneConnection() throws Exception {
        EngineConnection[] c = pair(new Pipe(3, 0.01, 0.01, 0), new Pipe(4, 0.01, 0.01, 0),
                EngineConnection.Settings.defaults());
        int streams = 16;
        echoAccepted(streams);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            byte[] data = random(100_000 + i * 7_919);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return java.util.Arrays.equals(data, echo(c[0], data));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, THREADS));
        }
        for (CompletableFuture<Boolean> r : results) {
            assertTrue(r.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void finishedStreamsAreForgottenAndTheirSlotsReturnedBeyondTheStreamLimit() throws Exception {
        EngineConnection[] c = pair(new Pipe(16, 0.01, 0, 0), new Pipe(17, 0.01, 0, 0),
                EngineConnection.Settings.defaults());
        int streams = 350; // the peer allows 100 open streams at once
        echoAccepted(streams);
        for (int i = 0; i < streams; i++) {
            byte[] data = {(byte) i, (byte) (i >> 8)};
            assertArrayEquals(data, echo(c[0], data), "stream " + i);
        }
    }

    @Test
    void smallWindowsHoldAFastWriterBackWithoutLosingBytes() throws Exception {
        EngineConnection.Settings small = new EngineConnection.Settings(1452, 32 * 1024, 64 * 1024, 128 * 1024, 2,
                10, 30_000, true);
        EngineConnection[] c = pair(new Pipe(5, 0, 0, 0), new Pipe(6, 0, 0, 0), small);
        echoAccepted(1);
        byte[] data = random(2 << 20);
        assertArrayEquals(data, echo(c[0], data));
    }

    @Test
    void largeDatagramsOverRealUdpSockets() throws Exception {
        EngineConnection.Settings settings = EngineConnection.Settings.defaults().withMaxDatagram(16384);
        Keys k = new Keys();
        TransportParameters params = EngineConnection.localParameters(settings).build();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramChannel cc = DatagramChannel.open().bind(lo);
        DatagramChannel sc = DatagramChannel.open().bind(lo);
        resources.add(cc);
        resources.add(sc);
        cc.connect(sc.getLocalAddress());
        sc.connect(cc.getLocalAddress());
        EngineConnection server = new EngineConnection(true, k.packets(false), k.clientCid, 8, params, settings,
                (b, o, l) -> sc.write(ByteBuffer.wrap(b, o, l)), accepted::add, "udp-server");
        EngineConnection client = new EngineConnection(false, k.packets(true), k.serverCid, 8, params, settings,
                (b, o, l) -> cc.write(ByteBuffer.wrap(b, o, l)), s -> { }, "udp-client");
        resources.add(server);
        resources.add(client);
        readInto(sc, server);
        readInto(cc, client);
        echoAccepted(1);
        byte[] data = random(16 << 20);
        assertArrayEquals(sha256(data), sha256(echo(client, data)));
    }

    private static void readInto(DatagramChannel ch, EngineConnection connection) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    ch.read(buf);
                    connection.deliver(buf.array(), 0, buf.position());
                }
            } catch (ClosedChannelException e) {
                // the test is over
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "udp-reader");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void aResetReachesTheReaderWithItsCode() throws Exception {
        EngineConnection[] c = pair(new Pipe(7, 0, 0, 0), new Pipe(8, 0, 0, 0), EngineConnection.Settings.defaults());
        EngineStream s = c[0].openStream();
        s.output().write(new byte[] {1, 2, 3});
        EngineStream theirs = accepted.poll(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 2, 3}, theirs.input().readNBytes(3));
        theirs.reset(42);
        StreamResetException e = assertThrows(StreamResetException.class, () -> s.input().read());
        assertEquals(42, e.errorCode());
        // and STOP_SENDING stops our writer with the same code
        StreamResetException stopped = assertThrows(StreamResetException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                s.output().write(new byte[65536]);
            }
        });
        assertEquals(42, stopped.errorCode());
    }

    @Test
    void aPeerThatClosesFailsPendingReadsAtOnce() throws Exception {
        EngineConnection[] c = pair(new Pipe(9, 0, 0, 0), new Pipe(10, 0, 0, 0), EngineConnection.Settings.defaults());
        EngineStream s = c[0].openStream();
        s.output().write(1);
        accepted.poll(10, TimeUnit.SECONDS);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.input().read();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, THREADS);
        c[1].close();
        Exception e = assertThrows(Exception.class, () -> read.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause().getMessage().contains("the peer closed the connection"),
                e.getCause().getCause().getMessage());
    }

    @Test
    void aSilentPeerEndsInTheIdleTimeout() throws Exception {
        EngineConnection.Settings quick = EngineConnection.Settings.defaults();
        quick = new EngineConnection.Settings(quick.maxDatagram(), quick.sendBufferBytes(), quick.streamWindow(),
                quick.connectionWindow(), 2, 10, 500, true);
        Pipe toServer = new Pipe(11, 0, 0, 0);
        EngineConnection[] c = pair(toServer, new Pipe(12, 0, 0, 0), quick);
        EngineStream s = c[0].openStream();
        toServer.severed = true;
        IOException e = assertThrows(IOException.class, () -> s.input().read());
        assertTrue(e.getMessage().contains("idle timeout"), e.getMessage());
    }

    @Test
    void garbageAndForgedDatagramsAreDroppedWhileTheTransferGoesOn() throws Exception {
        EngineConnection[] c = pair(new Pipe(13, 0, 0, 0), new Pipe(14, 0, 0, 0), EngineConnection.Settings.defaults());
        echoAccepted(1);
        Random random = new Random(15);
        Thread noise = new Thread(() -> {
            byte[] junk = new byte[1400];
            for (int i = 0; i < 20_000; i++) {
                random.nextBytes(junk);
                junk[0] = (byte) (0x40 | (junk[0] & 0x3f)); // short headers, so they reach decryption
                c[i % 2].deliver(junk, 0, 20 + random.nextInt(junk.length - 20));
            }
        });
        noise.start();
        byte[] data = random(1 << 20);
        assertArrayEquals(data, echo(c[0], data));
        noise.join();
    }

    @Test
    void aFloodOfDatagramsIsBoundedAndTheConnectionStillWorks() throws Exception {
        EngineConnection[] c = pair(new Pipe(18, 0, 0, 0), new Pipe(19, 0, 0, 0), EngineConnection.Settings.defaults());
        echoAccepted(1);
        byte[] junk = new byte[1452];
        new Random(20).nextBytes(junk);
        junk[0] = 0x40;
        int most = 0;
        for (int i = 0; i < 200_000; i++) {
            c[1].deliver(junk, 0, junk.length);
            most = Math.max(most, c[1].queuedDatagrams());
        }
        assertTrue(most <= EngineConnection.MAX_QUEUED_DATAGRAMS, "queued " + most);
        byte[] data = random(200_000);
        assertArrayEquals(data, echo(c[0], data));
    }

    @Test
    void aMalformedFrameClosesBothSidesWithFrameEncodingError() throws Exception {
        Keys k = new Keys();
        EngineConnection.Settings settings = EngineConnection.Settings.defaults();
        TransportParameters params = EngineConnection.localParameters(settings).build();
        List<byte[]> fromServer = new java.util.concurrent.CopyOnWriteArrayList<>();
        EngineConnection server = new EngineConnection(true, k.packets(false), k.clientCid, 8, params, settings,
                (b, o, l) -> fromServer.add(java.util.Arrays.copyOfRange(b, o, o + l)), accepted::add, "victim");
        resources.add(server);
        // a client packet whose payload is a STREAM frame cut short: type 0x0a (LEN) id 0, length 100, no data
        OneRttPackets client = k.packets(true);
        byte[] packet = new byte[100];
        int payload = client.writeHeader(packet, 0, k.serverCid, 0, 2);
        int end = payload;
        packet[end++] = 0x0a;
        packet[end++] = 0x00;
        packet[end++] = 0x40;
        packet[end++] = 100;
        int sealed = client.seal(packet, 0, 8, 0, end);
        server.deliver(packet, 0, sealed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.failure() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        QuicTransportException e = assertInstanceOf(QuicTransportException.class, server.failure());
        assertEquals(QuicTransportException.FRAME_ENCODING_ERROR, e.errorCode());
        // what the server sent last is a CONNECTION_CLOSE the client can open, naming the error
        while (fromServer.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        byte[] close = fromServer.get(fromServer.size() - 1);
        io.objsync.net.internal.quic.engine.packet.OpenedPacket opened =
                new io.objsync.net.internal.quic.engine.packet.OpenedPacket();
        client.open(close, 0, 8, close.length, -1, opened);
        assertEquals(0x1c, close[opened.payloadOffset()]);
        assertEquals(QuicTransportException.FRAME_ENCODING_ERROR, close[opened.payloadOffset() + 1]);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
