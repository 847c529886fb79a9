package io.objsync.net.internal.quic;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which view of the shared socket a datagram reaches, by its destination connection id. */
class UdpMuxTest {

    private static final byte[] MINE = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] OTHER = {9, 9, 9, 9, 9, 9, 9, 9};

    private UdpMux mux;
    private MuxSocket server;
    private MuxSocket client;
    private DatagramSocket peer;
    private InetSocketAddress at;

    @BeforeEach
    void open() throws IOException {
        mux = UdpMux.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = mux.serverSocket();
        client = mux.clientSocket();
        client.owner(cid -> Arrays.equals(cid, MINE));
        server.setSoTimeout(5000); // a bound on a broken test, not a measurement
        client.setSoTimeout(5000);
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        at = new InetSocketAddress(mux.localAddress(), mux.localPort());
    }

    @AfterEach
    void close() {
        peer.close();
        mux.close();
    }

    private static byte[] shortHeader(byte[] cid, int tag) {
        byte[] d = new byte[1 + cid.length + 2];
        d[0] = 0x40;
        System.arraycopy(cid, 0, d, 1, cid.length);
        d[d.length - 1] = (byte) tag;
        return d;
    }

    private static byte[] longHeader(byte[] cid, int tag) {
        byte[] d = new byte[6 + cid.length + 2];
        d[0] = (byte) 0xC0;
        d[4] = 1; // version 1
        d[5] = (byte) cid.length;
        System.arraycopy(cid, 0, d, 6, cid.length);
        d[d.length - 1] = (byte) tag;
        return d;
    }

    private void send(byte[] d) throws IOException {
        peer.send(new DatagramPacket(d, d.length, at));
    }

    private static byte[] next(MuxSocket s) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void routesByDestinationConnectionIdInBothHeaderForms() throws IOException {
        send(shortHeader(MINE, 1));
        send(shortHeader(OTHER, 2));
        send(longHeader(MINE, 3));
        send(longHeader(OTHER, 4));
        send(longHeader(new byte[20], 5)); // an Initial's 20-byte id is never one of ours
        send(new byte[] {0x40, 6});        // too short to name an id
        assertArrayEquals(shortHeader(MINE, 1), next(client));
        assertArrayEquals(longHeader(MINE, 3), next(client));
        assertArrayEquals(shortHeader(OTHER, 2), next(server));
        assertArrayEquals(longHeader(OTHER, 4), next(server));
        assertArrayEquals(longHeader(new byte[20], 5), next(server));
        assertArrayEquals(new byte[] {0x40, 6}, next(server));
    }

    @Test
    void irohsDiscoDatagramsReachNoView() throws IOException {
        byte[] ping = Disco.ping(io.objsync.net.NodeKey.generate(), io.objsync.net.NodeKey.generate().nodeId(),
                new java.security.SecureRandom());
        send(ping);                     // a disco ping (its bytes after the magic could pass for a short header)
        send(shortHeader(OTHER, 1));
        assertArrayEquals(shortHeader(OTHER, 1), next(server)); // the ping went nowhere: the next datagram is first
    }

    /** With a responder set, a ping to our key gets a pong naming where it came from; other disco gets nothing. */
    @Test
    void answersAPingToItsKeyWithAPong() throws IOException {
        io.objsync.net.NodeKey ours = io.objsync.net.NodeKey.generate();
        io.objsync.net.NodeKey theirs = io.objsync.net.NodeKey.generate();
        mux.answerDisco(ours);
        java.security.SecureRandom random = new java.security.SecureRandom();
        send(Disco.ping(theirs, io.objsync.net.NodeKey.generate().nodeId(), random)); // not to us: no answer
        send(Disco.pong(theirs, ours.nodeId(), new byte[12], at, random));            // a pong: no answer
        byte[] ping = Disco.ping(theirs, ours.nodeId(), random);
        send(ping);

        peer.setSoTimeout(5000);
        DatagramPacket p = new DatagramPacket(new byte[200], 200);
        peer.receive(p); // the first answer is to the third datagram
        Disco.Message pong = Disco.open(theirs, Arrays.copyOf(p.getData(), p.getLength()), p.getLength());
        assertEquals(Disco.PONG, pong.type());
        assertEquals(ours.nodeId(), pong.sender());
        assertArrayEquals(Disco.open(ours, ping, ping.length).txId(), pong.txId());
        assertEquals(peer.getLocalSocketAddress(), pong.observed());
        assertEquals(at, p.getSocketAddress());
    }

    @Test
    void aReceivedDatagramNamesItsSourceAndSendsGoOutFromTheSharedSocket() throws IOException {
        send(shortHeader(MINE, 1));
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        client.receive(p);
        assertEquals(peer.getLocalSocketAddress(), p.getSocketAddress());
        client.send(new DatagramPacket(new byte[] {42}, 1, p.getSocketAddress()));
        DatagramPacket back = new DatagramPacket(new byte[10], 10);
        peer.setSoTimeout(5000);
        peer.receive(back);
        assertEquals(at, back.getSocketAddress());
        assertEquals(mux.localPort(), client.getLocalPort());
    }

    @Test
    void aClosedClientViewFailsItsReaderAndItsDatagramsGoToTheServer() throws IOException {
        send(shortHeader(MINE, 1));
        assertArrayEquals(shortHeader(MINE, 1), next(client)); // the route is now cached
        client.close();
        assertThrows(SocketException.class, () -> next(client));
        assertThrows(SocketException.class, () -> client.send(new DatagramPacket(new byte[1], 1, at)));
        send(shortHeader(MINE, 2));
        assertArrayEquals(shortHeader(MINE, 2), next(server));
    }

    @Test
    void closingTheMuxFailsEveryView() {
        mux.close();
        assertThrows(SocketException.class, () -> next(server));
        assertThrows(SocketException.class, () -> next(client));
        assertThrows(SocketException.class, mux::clientSocket);
    }

    @Test
    void dialsFirstWhatTheSharedSocketReaches() throws IOException {
        InetSocketAddress lan = new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 1);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 3);
        InetSocketAddress lo2 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2);
        InetSocketAddress lo4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4);
        // bound to 127.0.0.1: only IPv4 loopback is reachable from the shared socket
        assertEquals(java.util.List.of(lo2, lo4, lan, v6), mux.dialOrder(java.util.List.of(lan, lo2, v6, lo4)));
        try (UdpMux any = UdpMux.bind(new InetSocketAddress(0))) { // the wildcard reaches everything: order kept
            assertEquals(java.util.List.of(lan, lo2, v6, lo4), any.dialOrder(java.util.List.of(lan, lo2, v6, lo4)));
        }
    }
}
