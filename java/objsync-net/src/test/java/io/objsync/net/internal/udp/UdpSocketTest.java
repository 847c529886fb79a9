package io.objsync.net.internal.udp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both kinds of {@link UdpSocket} (java.net everywhere; Linux GSO/GRO on Java 22+) against plain java.net peers
 * and each other: datagrams arrive whole and in their sizes however many one call moved, addresses come back as
 * they went out (IPv4 peers of a dual-stack socket included), many threads may send at once, and close ends a
 * blocked receive and refuses later sends.
 */
class UdpSocketTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("jdk"));
        if (gsoExpected() || UdpSockets.gsoAvailable()) {
            kinds.add("gso");
        }
        return kinds;
    }

    /** Where the GSO socket must work: Linux on x86_64 or aarch64 with Java 22+ (this test's JDK 25 run). */
    private static boolean gsoExpected() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && (arch.equals("amd64") || arch.equals("aarch64")) && Runtime.version().feature() >= 22;
    }

    private static UdpSocket open(String kind, InetSocketAddress at) throws IOException {
        String before = System.getProperty("objsync.udp");
        System.setProperty("objsync.udp", kind);
        try {
            return UdpSockets.open(at);
        } finally {
            if (before == null) {
                System.clearProperty("objsync.udp");
            } else {
                System.setProperty("objsync.udp", before);
            }
        }
    }

    @Test
    void theFastPathIsThereWhereItShouldBe() {
        if (gsoExpected()) {
            assertNull(UdpSockets.gsoUnavailabilityCause(), "GSO sockets must work on Linux with Java 22+");
            assertTrue(UdpSockets.gsoAvailable());
        } else {
            assertFalse(UdpSockets.gsoAvailable());
            assertTrue(UdpSockets.gsoUnavailabilityCause().getMessage().length() > 0, "and says why not");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRunOfDatagramsSentInOneCallArrivesAsThoseDatagrams(String kind) throws Exception {
        try (UdpSocket s = open(kind, LOOPBACK); DatagramSocket peer = new DatagramSocket(LOOPBACK)) {
            assertEquals(kind.equals("gso") ? "linux-gso" : "jdk", s.kind());
            int segment = 1200;
            int count = Math.min(s.maxSegments(), 40);
            byte[] data = new byte[segment * count - 345]; // the last datagram shorter
            new Random(1).nextBytes(data);
            byte[] framed = new byte[data.length + 10];
            System.arraycopy(data, 0, framed, 10, data.length);
            s.send(framed, 10, data.length, segment, (InetSocketAddress) peer.getLocalSocketAddress());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[2000];
            int datagrams = 0;
            while (got.size() < data.length) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                peer.setSoTimeout(5000);
                peer.receive(p);
                int expected = Math.min(segment, data.length - got.size());
                assertEquals(expected, p.getLength(), "datagram " + datagrams + " keeps its size");
                assertEquals(s.localAddress().getPort(), p.getPort());
                got.write(buf, 0, p.getLength());
                datagrams++;
            }
            assertEquals((data.length + segment - 1) / segment, datagrams);
            assertArrayEquals(data, got.toByteArray());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void receivedRunsSplitIntoTheDatagramsThatWereSent(String kind) throws Exception {
        try (UdpSocket receiver = open(kind, LOOPBACK); UdpSocket sender = open("gso".equals(kind) ? "gso" : "jdk",
                LOOPBACK)) {
            int segment = 1000;
            byte[] data = new byte[segment * Math.min(sender.maxSegments(), 30) - 1];
            new Random(2).nextBytes(data);
            sender.send(data, 0, data.length, segment, receiver.localAddress());
            UdpSocket.Received r = new UdpSocket.Received();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int receives = 0;
            while (got.size() < data.length) {
                assertTrue(receiver.receive(r));
                receives++;
                assertEquals(sender.localAddress().getPort(), r.from.getPort());
                assertTrue(r.segment == segment || r.segment == r.length, "segment " + r.segment);
                for (int at = 0; at < r.length; at += r.segment) {
                    int n = Math.min(r.segment, r.length - at);
                    assertEquals(Math.min(segment, data.length - got.size()), n, "each datagram whole");
                    got.write(r.buf, at, n);
                }
            }
            assertArrayEquals(data, got.toByteArray());
            if (kind.equals("gso")) {
                assertTrue(receives < 30, "GRO handed over the run in " + receives + " receives, not one per datagram");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aDualStackSocketAnswersIpv4PeersAtTheirIpv4Address(String kind) throws Exception {
        try (UdpSocket s = open(kind, new InetSocketAddress(0));
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertTrue(s.localAddress().getAddress().isAnyLocalAddress());
            byte[] hello = "hello".getBytes();
            peer.send(new DatagramPacket(hello, hello.length,
                    new InetSocketAddress("127.0.0.1", s.localAddress().getPort())));
            UdpSocket.Received r = new UdpSocket.Received();
            assertTrue(s.receive(r));
            assertArrayEquals(hello, Arrays.copyOf(r.buf, r.length));
            assertInstanceOf(Inet4Address.class, r.from.getAddress());
            assertEquals(peer.getLocalSocketAddress(), r.from);
            s.send("back".getBytes(), 0, 4, 4, r.from);
            DatagramPacket p = new DatagramPacket(new byte[10], 10);
            peer.setSoTimeout(5000);
            peer.receive(p);
            assertEquals("back", new String(p.getData(), 0, p.getLength()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void manyThreadsSendAtOnceAndEveryDatagramArrivesIntact(String kind) throws Exception {
        try (UdpSocket s = open(kind, LOOPBACK); DatagramSocket peer = new DatagramSocket(LOOPBACK)) {
            peer.setReceiveBufferSize(4 << 20);
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            int threads = 4;
            int perThread = 200;
            AtomicReference<Throwable> failed = new AtomicReference<>();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            byte[] d = new byte[100 + id];
                            Arrays.fill(d, (byte) id);
                            d[0] = (byte) i;
                            s.send(d, 0, d.length, d.length, to);
                        }
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                });
                senders.add(th);
                th.start();
            }
            int[] seen = new int[threads];
            byte[] buf = new byte[2000];
            peer.setSoTimeout(5000);
            for (int n = 0; n < threads * perThread; n++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                peer.receive(p);
                int id = p.getLength() - 100;
                assertTrue(id >= 0 && id < threads, "length " + p.getLength());
                for (int i = 1; i < p.getLength(); i++) {
                    assertEquals((byte) id, buf[i], "no datagram mixes two senders' bytes");
                }
                seen[id]++;
            }
            for (Thread th : senders) {
                th.join();
            }
            assertNull(failed.get());
            for (int count : seen) {
                assertEquals(perThread, count);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void closeEndsABlockedReceiveAndRefusesLaterSends(String kind) throws Exception {
        UdpSocket s = open(kind, LOOPBACK);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(s.receive(new UdpSocket.Received()));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        reader.start();
        Thread.sleep(100); // let it block
        s.close();
        reader.join(10_000);
        assertFalse(reader.isAlive(), "the blocked receive returned");
        assertEquals(Boolean.FALSE, result.get(), "with false: the socket is closed");
        assertFalse(s.receive(new UdpSocket.Received()));
        assertThrows(SocketException.class, () -> s.send(new byte[1], 0, 1, 1, new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 9)));
        s.close(); // twice is harmless
    }
}
