package io.objsync.net.internal.quic.engine.frame;

/**
 * The frame type codes of RFC 9000 section 19 (table 3) and RFC 9221 section 4, as the engine needs them for the
 * frame type of a {@code QuicTransportException} and for CONNECTION_CLOSE.
 */
public final class FrameType {

    /** PADDING. */
    public static final int PADDING = 0x00;
    /** PING. */
    public static final int PING = 0x01;
    /** ACK without ECN counts. */
    public static final int ACK = 0x02;
    /** ACK with ECN counts. */
    public static final int ACK_ECN = 0x03;
    /** RESET_STREAM. */
    public static final int RESET_STREAM = 0x04;
    /** STOP_SENDING. */
    public static final int STOP_SENDING = 0x05;
    /** CRYPTO. */
    public static final int CRYPTO = 0x06;
    /** NEW_TOKEN. */
    public static final int NEW_TOKEN = 0x07;
    /** STREAM with none of its flag bits; the flags below are or-ed in (0x08..0x0f). */
    public static final int STREAM = 0x08;
    /** STREAM flag: the frame carries an offset. */
    public static final int STREAM_OFF_BIT = 0x04;
    /** STREAM flag: the frame carries a length (else its data runs to the end of the packet). */
    public static final int STREAM_LEN_BIT = 0x02;
    /** STREAM flag: the data ends the stream. */
    public static final int STREAM_FIN_BIT = 0x01;
    /** MAX_DATA. */
    public static final int MAX_DATA = 0x10;
    /** MAX_STREAM_DATA. */
    public static final int MAX_STREAM_DATA = 0x11;
    /** MAX_STREAMS for bidirectional streams. */
    public static final int MAX_STREAMS_BIDI = 0x12;
    /** MAX_STREAMS for unidirectional streams. */
    public static final int MAX_STREAMS_UNI = 0x13;
    /** DATA_BLOCKED. */
    public static final int DATA_BLOCKED = 0x14;
    /** STREAM_DATA_BLOCKED. */
    public static final int STREAM_DATA_BLOCKED = 0x15;
    /** STREAMS_BLOCKED for bidirectional streams. */
    public static final int STREAMS_BLOCKED_BIDI = 0x16;
    /** STREAMS_BLOCKED for unidirectional streams. */
    public static final int STREAMS_BLOCKED_UNI = 0x17;
    /** NEW_CONNECTION_ID. */
    public static final int NEW_CONNECTION_ID = 0x18;
    /** RETIRE_CONNECTION_ID. */
    public static final int RETIRE_CONNECTION_ID = 0x19;
    /** PATH_CHALLENGE. */
    public static final int PATH_CHALLENGE = 0x1a;
    /** PATH_RESPONSE. */
    public static final int PATH_RESPONSE = 0x1b;
    /** CONNECTION_CLOSE signalling a transport error. */
    public static final int CONNECTION_CLOSE = 0x1c;
    /** CONNECTION_CLOSE signalling an application error. */
    public static final int APPLICATION_CLOSE = 0x1d;
    /** HANDSHAKE_DONE. */
    public static final int HANDSHAKE_DONE = 0x1e;
    /** DATAGRAM whose data runs to the end of the packet (RFC 9221). */
    public static final int DATAGRAM = 0x30;
    /** DATAGRAM with a length field (RFC 9221). */
    public static final int DATAGRAM_WITH_LENGTH = 0x31;

    private FrameType() {
    }

    /**
     * Whether a frame of this type makes its packet ack-eliciting (RFC 9002 section 2): every frame but ACK,
     * PADDING and CONNECTION_CLOSE.
     */
    public static boolean isAckEliciting(long type) {
        return type != PADDING && type != ACK && type != ACK_ECN && type != CONNECTION_CLOSE
                && type != APPLICATION_CLOSE;
    }
}
