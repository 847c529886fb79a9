package io.objsync.net.internal.quic;

import io.objsync.net.NodeKey;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * Answers iroh 0.35's disco pings on the endpoint's socket with pongs. An iroh node that learned a new address of
 * ours (our dial's ping) sends its QUIC to the path it validated, and a path is validated by our pong to its ping:
 * without the answer, once it knows two addresses of one node (a CLI that dialled it before from another port) it
 * may answer the old one. Pongs are bounded ({@value #PER_SECOND} a second), so a flood of pings costs at most that
 * many key agreements; pongs and anything that does not open are dropped. A pong is smaller than its ping, so this
 * amplifies nothing.
 */
final class DiscoResponder {

    static final int PER_SECOND = 64;

    private final NodeKey key;
    private final SecureRandom random = new SecureRandom();
    private long windowStart;
    private int inWindow;

    DiscoResponder(NodeKey key) {
        this.key = key;
    }

    /** Handles {@code d[0, len)} from {@code from} (a disco datagram); answers through {@code socket}. */
    void handle(byte[] d, int len, InetSocketAddress from, UdpMux socket) {
        if (len != Disco.PING_LENGTH || !admit()) {
            return;
        }
        try {
            byte[] pong = Disco.answer(key, d, len, from, random);
            socket.send(new DatagramPacket(pong, pong.length, from));
        } catch (IOException e) {
            // not a ping to us, or the socket is closing: nothing to answer
        }
    }

    private boolean admit() {
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        return inWindow++ < PER_SECOND;
    }
}
