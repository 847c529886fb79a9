package io.objsync.net.internal.quic.engine.recovery;

/**
 * The three packet number spaces (RFC 9000 section 12.3). Recovery treats them slightly differently: ACK delay
 * is ignored for Initial packets (RFC 9002 section 5.3), and only Application Data probes wait for the peer's
 * max_ack_delay and for the handshake to be confirmed (RFC 9002 section 6.2.1).
 */
public enum PacketNumberSpace {
    /** Initial packets. */
    INITIAL,
    /** Handshake packets. */
    HANDSHAKE,
    /** 0-RTT and 1-RTT packets. */
    APPLICATION
}
