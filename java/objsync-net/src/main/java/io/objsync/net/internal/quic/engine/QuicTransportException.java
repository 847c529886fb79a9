package io.objsync.net.internal.quic.engine;

import java.io.IOException;

/**
 * A QUIC connection error (RFC 9000 section 11): what the peer did wrong, as the transport error code that a
 * CONNECTION_CLOSE frame would carry, and the type of the frame that showed it (0 when no frame did). Thrown by
 * the packet, frame, stream and recovery layers of our own data path; the connection turns it into its close.
 */
public final class QuicTransportException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An endpoint-internal error, not the peer's fault. */
    public static final long INTERNAL_ERROR = 0x1;
    /** The peer sent more data than its flow control credit. */
    public static final long FLOW_CONTROL_ERROR = 0x3;
    /** The peer opened more streams than allowed. */
    public static final long STREAM_LIMIT_ERROR = 0x4;
    /** A frame for a stream in a state that does not allow it. */
    public static final long STREAM_STATE_ERROR = 0x5;
    /** A stream's final size changed, or data arrived beyond it. */
    public static final long FINAL_SIZE_ERROR = 0x6;
    /** A badly formed frame. */
    public static final long FRAME_ENCODING_ERROR = 0x7;
    /** Badly formed or invalid transport parameters. */
    public static final long TRANSPORT_PARAMETER_ERROR = 0x8;
    /** More connection ids than the active_connection_id_limit allows. */
    public static final long CONNECTION_ID_LIMIT_ERROR = 0x9;
    /** A protocol rule broken that has no more specific code. */
    public static final long PROTOCOL_VIOLATION = 0xa;
    /** A packet that decrypted but whose key update was invalid. */
    public static final long KEY_UPDATE_ERROR = 0xe;
    /** More than the confidentiality or integrity limit of packets for one key. */
    public static final long AEAD_LIMIT_REACHED = 0xf;

    private final long errorCode;
    private final long frameType;

    /** An error with its transport {@code errorCode}, the {@code frameType} that showed it, and why. */
    public QuicTransportException(long errorCode, long frameType, String reason) {
        super(reason);
        this.errorCode = errorCode;
        this.frameType = frameType;
    }

    /** The transport error code (RFC 9000 section 20.1). */
    public long errorCode() {
        return errorCode;
    }

    /** The frame type that triggered the error, or 0. */
    public long frameType() {
        return frameType;
    }
}
