package io.objsync.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuicEndpointTest extends TransportContract {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) throws IOException {
        return QuicEndpoint.bind(key, LOOPBACK, handlers, limits);
    }

    @Test
    void aPeerWithAnotherKeyIsRefused() throws Exception {
        checkAPeerWithAnotherKeyIsRefused();
    }

    @Test
    void noAddressOrAClosedPortMeansUnreachable() throws Exception {
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        assertThrows(PeerUnreachableException.class, () -> client.connect(NodeAddr.of(client.nodeId()), ECHO));
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        NodeAddr nobody = NodeAddr.of(client.nodeId(), new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort));
        long t0 = System.nanoTime();
        assertThrows(PeerUnreachableException.class, () -> client.connect(nobody, ECHO));
        // ICMP port unreachable ends the dial; it does not wait for the handshake timeout
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aSilentAddressIsUnreachableAfterTheHandshakeTimeout() throws Exception {
        try (DatagramSocket mute = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Endpoint client = node(Map.of(), TransportLimits.defaults().withHandshakeTimeout(SHORT));
            NodeAddr addr = NodeAddr.of(NodeKey.generate().nodeId(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), mute.getLocalPort()));
            assertThrows(PeerUnreachableException.class, () -> client.connect(addr, ECHO));
        }
    }

    @Test
    void manyStreamsShareOneConnectionAndEachCarriesItsOwnBytes() throws Exception {
        BlockingQueue<NodeId> seen = new ArrayBlockingQueue<>(64);
        Endpoint server = node(Map.of(ECHO, echo(seen)), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[i * 97];
            new Random(i).nextBytes(data);
            try (PeerStream s = client.connect(server.addr(), ECHO)) {
                s.output().write(data);
                s.finishOutput();
                assertTrue(java.util.Arrays.equals(data, s.input().readAllBytes()), "stream " + i);
            }
        }
        assertEquals(40, seen.size());
    }

    @Test
    void garbageDatagramsNeitherCrashNorDisturbHonestPeers() throws Exception {
        BlockingQueue<NodeId> seen = new ArrayBlockingQueue<>(64);
        Endpoint server = node(Map.of(ECHO, echo(seen)), TransportLimits.defaults());
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        InetSocketAddress at = server.addr().directAddresses().get(0);
        Random random = new Random(7);
        try (DatagramSocket hostile = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread noise = new Thread(() -> {
                byte[] buf = new byte[1500];
                for (int i = 0; i < 3000 && !hostile.isClosed(); i++) {
                    int len = random.nextInt(buf.length + 1);
                    random.nextBytes(buf);
                    switch (i % 5) {
                        case 0: buf[0] = (byte) 0xC0; break;                  // long header, Initial
                        case 1: buf[0] = 0x40; break;                          // short header
                        case 2: buf[0] = 0x54; buf[1] = 0x53; len = 124; break; // an iroh disco ping's size/prefix
                        default: break;
                    }
                    try {
                        hostile.send(new DatagramPacket(buf, len, at));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            noise.start();
            for (int i = 0; i < 20; i++) {
                byte[] data = new byte[10_000 + i];
                random.nextBytes(data);
                try (PeerStream s = client.connect(server.addr(), ECHO)) {
                    s.output().write(data);
                    s.finishOutput();
                    assertTrue(java.util.Arrays.equals(data, s.input().readAllBytes()));
                }
            }
            noise.join();
        }
        // and a peer that connects afterwards is served too
        Endpoint late = node(Map.of(), TransportLimits.defaults());
        try (PeerStream s = late.connect(server.addr(), ECHO)) {
            s.output().write(1);
            s.finishOutput();
            assertEquals(1, s.input().read());
        }
    }

    /**
     * kwik's sender thread sleeps up to 5 s when no packet arrives; a reply written after a pause must wake it.
     * (It did not when a send request queued without a flush was waiting: the write then queued none of its own
     * and woke nothing.) The reader's idle timeout, below those 5 s, fails the read of a delayed reply.
     */
    @Test
    void aReplyAfterAPauseIsSentAtOnce() throws Exception {
        TransportLimits impatient = TransportLimits.defaults().withIdleTimeout(Duration.ofSeconds(2));
        Endpoint server = node(Map.of(ECHO, s -> {
            byte[] request = s.input().readAllBytes();
            try {
                Thread.sleep(300); // the pause: every packet of the request's exchange is sent and acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            s.output().write(request);
            s.finishOutput();
        }), impatient);
        Endpoint client = node(Map.of(), impatient);
        for (int i = 0; i < 3; i++) {
            try (PeerStream s = client.connect(server.addr(), ECHO)) {
                s.output().write(new byte[] {1, 2, (byte) i});
                s.finishOutput();
                assertArrayEquals(new byte[] {1, 2, (byte) i}, s.input().readAllBytes());
            }
        }
    }

    /**
     * Replies larger than kwik's 50 KiB stream send buffer keep their writer blocked on it, so a send request
     * kwik loses in its writer/sender race would stall the stream: each reply arrives whole within an idle
     * timeout below kwik's 5 s sender sleep (the failure this guards against is a {@link StreamTimeoutException}).
     */
    @Test
    void largeRepliesArriveWithoutStalls() throws Exception {
        TransportLimits impatient = TransportLimits.defaults().withIdleTimeout(Duration.ofSeconds(2));
        byte[] reply = new byte[2 * 1024 * 1024 + 5];
        new Random(11).nextBytes(reply);
        Endpoint server = node(Map.of(ECHO, s -> {
            s.input().readAllBytes();
            s.output().write(reply);
            s.finishOutput();
        }), impatient);
        Endpoint client = node(Map.of(), impatient);
        for (int i = 0; i < 8; i++) {
            try (PeerStream s = client.connect(server.addr(), ECHO)) {
                s.finishOutput();
                assertArrayEquals(reply, s.input().readAllBytes(), "reply " + i);
            }
        }
    }

    @Test
    void advertisesTheBoundAddress() throws Exception {
        Endpoint server = node(Map.of(), TransportLimits.defaults());
        assertEquals(1, server.addr().directAddresses().size());
        assertTrue(server.addr().directAddresses().get(0).getAddress().isLoopbackAddress());
        assertTrue(server.addr().directAddresses().get(0).getPort() > 0);
    }
}
