package io.objsync.net.internal.quic;

import java.net.InetSocketAddress;

/**
 * Larger datagrams to peers on this host: kwik sends at most 1252 bytes per datagram (no path MTU discovery), and
 * most of its cost is per packet (encryption, header protection, acknowledgement and loss bookkeeping, one
 * system call each), so a bulk transfer over loopback, whose MTU is 64 KiB, pays that cost 20 % less often at
 * 1500 bytes (the most kwik's packet buffers and receiver take). Only loopback peers: other paths may not carry
 * more than the 1252 bytes; never more than the peer announced it receives (max_udp_payload_size).
 */
final class LoopbackDatagrams {

    /** The datagram size used with loopback peers. */
    static final int BYTES = 1500;

    private LoopbackDatagrams() {
    }

    /** Raises {@code connection}'s datagram size if {@code peer} is on this host and takes {@code peerMax}. */
    static void apply(Object connection, InetSocketAddress peer, long peerMax) {
        if (peer != null && peer.getAddress() != null && peer.getAddress().isLoopbackAddress() && peerMax > 1252) {
            KwikAccess.raiseMaxDatagram(connection, (int) Math.min(BYTES, peerMax));
        }
    }
}
