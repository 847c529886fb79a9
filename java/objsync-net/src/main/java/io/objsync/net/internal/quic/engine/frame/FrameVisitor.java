package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * What the engine does with each frame of a packet payload, called by {@link FrameParser} in payload order once
 * the frame is known to be well formed. Byte contents are handed over zero-copy as {@code (buf, offset, length)}
 * into the packet buffer: valid only during the call, so keep a copy if they must outlive it. Every method may
 * throw {@link QuicTransportException} for the engine's own checks (stream state, flow control, ...); the parser
 * stops there and lets it out.
 */
public interface FrameVisitor {

    /** A run of {@code count} consecutive PADDING bytes (reported once per run). */
    void onPadding(int count) throws QuicTransportException;

    /** PING. */
    void onPing() throws QuicTransportException;

    /**
     * ACK (0x02) or ACK with ECN counts (0x03).
     *
     * @param ackDelay the raw ack delay field, not yet scaled by the peer's ack_delay_exponent
     * @param ranges {@code (smallest, largest)} packet number pairs, highest range first: pair {@code i} at
     *     {@code ranges[2i]} and {@code ranges[2i+1]}; the parser's reused scratch array, so valid only during
     *     the call
     * @param rangeCount the number of pairs (at least 1); beyond the parser's bound the lowest ranges are dropped
     * @param ect0 the ECT(0) count, or -1 for type 0x02
     * @param ect1 the ECT(1) count, or -1 for type 0x02
     * @param ce the ECN-CE count, or -1 for type 0x02
     */
    void onAck(long ackDelay, long[] ranges, int rangeCount, long ect0, long ect1, long ce)
            throws QuicTransportException;

    /** RESET_STREAM. */
    void onResetStream(long streamId, long errorCode, long finalSize) throws QuicTransportException;

    /** STOP_SENDING. */
    void onStopSending(long streamId, long errorCode) throws QuicTransportException;

    /** CRYPTO: {@code length} bytes of handshake data at {@code buf[dataOffset]} for stream offset {@code offset}. */
    void onCrypto(long offset, byte[] buf, int dataOffset, int length) throws QuicTransportException;

    /** NEW_TOKEN: a non-empty token at {@code buf[tokenOffset]}. */
    void onNewToken(byte[] buf, int tokenOffset, int tokenLength) throws QuicTransportException;

    /**
     * STREAM (0x08..0x0f): {@code length} bytes at {@code buf[dataOffset]} for stream offset {@code offset} (0 when
     * the frame had no offset field); {@code fin} when they end the stream. {@code offset + length} is at most
     * 2^62-1.
     */
    void onStream(long streamId, long offset, byte[] buf, int dataOffset, int length, boolean fin)
            throws QuicTransportException;

    /** MAX_DATA. */
    void onMaxData(long maximumData) throws QuicTransportException;

    /** MAX_STREAM_DATA. */
    void onMaxStreamData(long streamId, long maximumStreamData) throws QuicTransportException;

    /** MAX_STREAMS (0x12 when {@code bidirectional}, else 0x13); at most 2^60. */
    void onMaxStreams(boolean bidirectional, long maximumStreams) throws QuicTransportException;

    /** DATA_BLOCKED. */
    void onDataBlocked(long maximumData) throws QuicTransportException;

    /** STREAM_DATA_BLOCKED. */
    void onStreamDataBlocked(long streamId, long maximumStreamData) throws QuicTransportException;

    /** STREAMS_BLOCKED (0x16 when {@code bidirectional}, else 0x17); at most 2^60. */
    void onStreamsBlocked(boolean bidirectional, long maximumStreams) throws QuicTransportException;

    /**
     * NEW_CONNECTION_ID: a connection id of 1..20 bytes at {@code buf[cidOffset]} and its 16-byte stateless reset
     * token at {@code buf[resetTokenOffset]}; {@code retirePriorTo <= sequenceNumber}.
     */
    void onNewConnectionId(long sequenceNumber, long retirePriorTo, byte[] buf, int cidOffset, int cidLength,
            int resetTokenOffset) throws QuicTransportException;

    /** RETIRE_CONNECTION_ID. */
    void onRetireConnectionId(long sequenceNumber) throws QuicTransportException;

    /** PATH_CHALLENGE, its 8 data bytes as a big-endian long. */
    void onPathChallenge(long data) throws QuicTransportException;

    /** PATH_RESPONSE, its 8 data bytes as a big-endian long. */
    void onPathResponse(long data) throws QuicTransportException;

    /** CONNECTION_CLOSE (0x1c): a transport error, the frame type that caused it, and a UTF-8 reason phrase. */
    void onConnectionClose(long errorCode, long frameType, byte[] buf, int reasonOffset, int reasonLength)
            throws QuicTransportException;

    /** CONNECTION_CLOSE (0x1d): an application error and a UTF-8 reason phrase. */
    void onApplicationClose(long errorCode, byte[] buf, int reasonOffset, int reasonLength)
            throws QuicTransportException;

    /** HANDSHAKE_DONE. */
    void onHandshakeDone() throws QuicTransportException;

    /** DATAGRAM (0x30 or 0x31, RFC 9221): {@code length} bytes, possibly none, at {@code buf[dataOffset]}. */
    void onDatagram(byte[] buf, int dataOffset, int length) throws QuicTransportException;
}
