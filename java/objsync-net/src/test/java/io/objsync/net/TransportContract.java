package io.objsync.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every transport must do; each implementation's test binds its endpoints. */
@Timeout(60)
abstract class TransportContract {

    static final String ECHO = "/test-echo/1";
    static final Duration SHORT = Duration.ofMillis(400);

    private final List<Endpoint> endpoints = new ArrayList<>();

    /** Binds an endpoint of the transport under test. */
    abstract Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits)
            throws IOException;

    /** The address to dial {@code target} at, claiming it is {@code claimed}. */
    NodeAddr addrOf(Endpoint target, NodeId claimed) {
        return NodeAddr.of(claimed, null, target.addr().directAddresses());
    }

    /**
     * Dialling a network transport's node under another node's id fails with {@link PeerIdentityException}
     * naming the key that answered, and the right id still connects afterwards (a failed handshake leaves no
     * poisoned session or connection behind). Memory pipes address by id and have no handshake, so the network
     * transports call this from their own tests.
     */
    void checkAPeerWithAnotherKeyIsRefused() throws Exception {
        Endpoint server = node(Map.of(ECHO, echo(new ArrayBlockingQueue<>(4))), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        NodeId impostorFor = NodeKey.generate().nodeId();
        PeerIdentityException e = assertThrows(PeerIdentityException.class,
                () -> client.connect(addrOf(server, impostorFor), ECHO));
        assertTrue(e.getMessage().contains(server.nodeId().toString()), e.getMessage());
        try (PeerStream s = client.connect(server.addr(), ECHO)) {
            s.output().write(5);
            s.finishOutput();
            assertEquals(5, s.input().read());
        }
    }

    Endpoint node(Map<String, StreamHandler> handlers, TransportLimits limits) throws IOException {
        Endpoint e = bind(NodeKey.generate(), handlers, limits);
        endpoints.add(e);
        return e;
    }

    @AfterEach
    void closeAll() {
        endpoints.forEach(Endpoint::close);
    }

    /** Reads everything, writes it back, finishes: the peer id it saw goes to {@code peers}. */
    static StreamHandler echo(BlockingQueue<NodeId> peers) {
        return s -> {
            peers.add(s.peer());
            byte[] all = s.input().readAllBytes();
            s.output().write(all);
            s.finishOutput();
        };
    }

    @Test
    void echoesWithHalfCloseAndAuthenticatedIds() throws Exception {
        BlockingQueue<NodeId> seen = new ArrayBlockingQueue<>(4);
        Endpoint server = node(Map.of(ECHO, echo(seen)), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        try (PeerStream s = client.connect(server.addr(), ECHO)) {
            assertEquals(server.nodeId(), s.peer());
            assertEquals(ECHO, s.alpn());
            // Write from another thread: the echo only answers after the whole request, so pipes fill up.
            Thread w = new Thread(() -> {
                try {
                    s.output().write(data);
                    s.finishOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            w.start();
            assertArrayEquals(data, s.input().readAllBytes());
            w.join();
        }
        assertEquals(client.nodeId(), seen.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void refusesAProtocolThePeerDoesNotServe() throws Exception {
        Endpoint server = node(Map.of(ECHO, echo(new ArrayBlockingQueue<>(4))), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        assertThrows(UnsupportedProtocolException.class, () -> client.connect(server.addr(), "/other/1"));
        // The endpoint still serves what it does serve.
        try (PeerStream s = client.connect(server.addr(), ECHO)) {
            s.output().write(7);
            s.finishOutput();
            assertEquals(7, s.input().read());
        }
    }

    @Test
    void aSilentPeerTimesOutTheReader() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Endpoint server = node(Map.of(ECHO, s -> await(release)), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults().withIdleTimeout(SHORT));
        try (PeerStream s = client.connect(server.addr(), ECHO)) {
            long t0 = System.nanoTime();
            assertThrows(StreamTimeoutException.class, () -> s.input().read());
            assertTrue(System.nanoTime() - t0 >= SHORT.toNanos() / 2);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPeerThatStopsReadingTimesOutTheWriter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Endpoint server = node(Map.of(ECHO, s -> await(release)), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults().withStallTimeout(SHORT));
        try (PeerStream s = client.connect(server.addr(), ECHO)) {
            byte[] chunk = new byte[64 * 1024];
            // Backpressure: socket and pipe buffers fill, then the write blocks until the watchdog ends it.
            assertThrows(StreamTimeoutException.class, () -> {
                for (int i = 0; i < 64 * 1024; i++) {
                    s.output().write(chunk);
                }
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHandlerThatReturnsEarlyResetsTheStream() throws Exception {
        // Half the handlers flush what they wrote first, so the reader gets bytes and then the reset.
        Endpoint server = node(Map.of(ECHO, s -> {
            s.output().write(new byte[100]);
            if (s.input().read() == 1) {
                s.output().flush();
            }
        }), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        // Many times over: the reset races our own half-close, and on TLS a lost race once read as a clean end.
        for (int i = 0; i < 200; i++) {
            try (PeerStream s = client.connect(server.addr(), ECHO)) {
                int round = i;
                // Never a clean end of stream: the peer did not finish its output. (Our finish may already
                // meet the reset, which is an error too.)
                assertThrows(IOException.class, () -> {
                    s.output().write(round % 2);
                    s.finishOutput();
                    drain(s.input());
                }, () -> "round " + round);
            }
        }
    }

    @Test
    void streamsPerPeerAreBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        StreamHandler blocking = s -> {
            entered.countDown();
            await(release);
            s.output().write(1);
            s.finishOutput();
        };
        Endpoint server = node(Map.of(ECHO, blocking), TransportLimits.defaults().withMaxStreams(8, 1));
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        Endpoint other = node(Map.of(), TransportLimits.defaults());
        // Each stream sends a byte first: a QUIC peer learns of a stream from its first bytes, not at connect.
        try (PeerStream first = client.connect(server.addr(), ECHO)) {
            first.output().write(0);
            first.output().flush();
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            try (PeerStream second = client.connect(server.addr(), ECHO)) {
                assertThrows(IOException.class, () -> { // the reset may already meet the write
                    second.output().write(0);
                    second.output().flush();
                    drain(second.input());
                });
            }
            // Another peer is not affected by the first one's limit.
            try (PeerStream third = other.connect(server.addr(), ECHO)) {
                third.output().write(0);
                third.output().flush();
                release.countDown();
                assertEquals(1, third.input().read());
            }
            assertEquals(1, first.input().read());
        }
    }

    @Test
    void closingTheEndpointAbortsItsStreams() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Endpoint server = node(Map.of(ECHO, s -> {
            entered.countDown();
            await(release);
        }), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        PeerStream s = client.connect(server.addr(), ECHO);
        // A stream the server holds: on QUIC, connect returns once the client sent its Finished, and a server
        // closed before it read that (or the stream's first bytes) has no stream to abort. (kwik then sends its
        // CONNECTION_CLOSE at the Initial and Handshake levels in one datagram, which the client, past Initial,
        // drops whole: it learns of the close only at its idle timeout.)
        s.output().write(0);
        s.output().flush();
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the server's handler has the stream");
        server.close();
        assertThrows(IOException.class, () -> drain(s.input()));
        s.close();
        release.countDown();
        // A new stream fails too: at connect when it needs a new connection, or at its first use when QUIC reuses
        // the connection whose CONNECTION_CLOSE is still in flight behind the stream's reset (opening a QUIC stream
        // takes no round trip, so connect alone cannot know yet).
        assertThrows(IOException.class, () -> {
            PeerStream again = client.connect(server.addr(), ECHO);
            again.output().write(0);
            again.output().flush();
            drain(again.input());
        });
    }

    @Test
    void manyConcurrentStreams() throws Exception {
        BlockingQueue<NodeId> seen = new ArrayBlockingQueue<>(64);
        Endpoint server = node(Map.of(ECHO, echo(seen)), TransportLimits.defaults().withMaxStreams(64, 16));
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                byte[] data = new byte[1000 + n];
                new Random(n).nextBytes(data);
                try (PeerStream s = client.connect(server.addr(), ECHO)) {
                    s.output().write(data);
                    s.finishOutput();
                    assertArrayEquals(data, s.input().readAllBytes());
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(12, seen.size());
        assertFalse(seen.stream().anyMatch(id -> !id.equals(client.nodeId())));
    }

    static void drain(InputStream in) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        in.transferTo(sink);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
