package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Splits one decrypted packet payload into its frames (RFC 9000 sections 12.4 and 19, RFC 9221 DATAGRAM) and
 * hands each, well formed and in order, to a {@link FrameVisitor}, zero-copy. Malformed input ends in a {@link
 * QuicTransportException} carrying the offending frame type; frames before it have already been visited.
 *
 * <p>ACK ranges land in a scratch array bounded by the constructor's {@code maxAckRanges}: past that bound the
 * lowest ranges are still checked but dropped, which only means those packets are not acknowledged by this
 * frame. Reusable for every payload of a connection, allocates nothing per frame, and is not thread-safe: one
 * connection thread owns it.
 */
public final class FrameParser {

    /** The most streams MAX_STREAMS and STREAMS_BLOCKED may name (RFC 9000 sections 19.11 and 19.14). */
    static final long MAX_STREAMS = 1L << 60;
    /** The longest connection id a NEW_CONNECTION_ID frame may carry (RFC 9000 section 19.15). */
    static final int MAX_CID_LENGTH = 20;
    /** The length of a stateless reset token. */
    static final int RESET_TOKEN_LENGTH = 16;
    /** The length of PATH_CHALLENGE and PATH_RESPONSE data. */
    private static final int PATH_DATA_LENGTH = 8;

    private final VarIntCursor in = new VarIntCursor();
    private final long[] ackRanges;
    private long frameType;
    private boolean sawPadding;

    /** A parser that keeps at most {@code maxAckRanges} (at least 1) ranges of each ACK frame. */
    public FrameParser(int maxAckRanges) {
        if (maxAckRanges < 1) {
            throw new IllegalArgumentException("an ACK frame has at least one range: " + maxAckRanges);
        }
        this.ackRanges = new long[2 * maxAckRanges];
    }

    /**
     * Visits every frame of the payload {@code buf[offset, end)} in order.
     *
     * @return whether the payload was ack-eliciting (RFC 9002 section 2: it held a frame other than ACK, PADDING
     *     and CONNECTION_CLOSE)
     * @throws QuicTransportException PROTOCOL_VIOLATION for an empty payload or a frame type in a longer
     *     encoding than needed; FRAME_ENCODING_ERROR for an unknown frame type or a malformed frame; or whatever
     *     the visitor throws
     */
    public boolean parse(byte[] buf, int offset, int end, FrameVisitor visitor) throws QuicTransportException {
        return parse(buf, offset, end, visitor, false);
    }

    /**
     * Like {@link #parse}, for the payload of an Initial or Handshake packet, which may only hold PADDING, PING,
     * ACK, CRYPTO and CONNECTION_CLOSE of type 0x1c (RFC 9000 section 12.4, table 3).
     *
     * @throws QuicTransportException as {@link #parse} does, and PROTOCOL_VIOLATION for any other frame type
     */
    public boolean parseInitialOrHandshake(byte[] buf, int offset, int end, FrameVisitor visitor)
            throws QuicTransportException {
        return parse(buf, offset, end, visitor, true);
    }

    private boolean parse(byte[] buf, int offset, int end, FrameVisitor visitor, boolean handshakeOnly)
            throws QuicTransportException {
        in.reset(buf, offset, end);
        sawPadding = false;
        if (offset == end) {
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0,
                    "a packet without frames");
        }
        boolean ackEliciting = false;
        while (in.remaining() > 0) {
            int type = readFrameType();
            frameType = type;
            if (handshakeOnly && !allowedInHandshake(type)) {
                throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, type,
                        "frame type 0x" + Integer.toHexString(type) + " in an Initial or Handshake packet");
            }
            ackEliciting |= FrameType.isAckEliciting(type);
            parseFrame(type, visitor);
        }
        return ackEliciting;
    }

    /**
     * Whether the last payload parsed held PADDING: such a packet counts as in flight (RFC 9002 section 2) even
     * when it is not ack-eliciting.
     */
    public boolean lastPayloadHadPadding() {
        return sawPadding;
    }

    /** Every frame type we know fits one byte, so a longer type is either unknown or not minimally encoded. */
    private int readFrameType() throws QuicTransportException {
        byte[] buf = in.buffer();
        int first = buf[in.pos()] & 0xff;
        if (first < 0x40) {
            in.skip(1);
            return first;
        }
        long type = in.readVarInt();
        if (type < 0) {
            throw new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, 0,
                    "truncated frame type");
        }
        if (isKnown(type)) {
            // RFC 9000 section 12.4 allows treating this as PROTOCOL_VIOLATION
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, type,
                    "frame type 0x" + Long.toHexString(type) + " not minimally encoded");
        }
        throw unknownType(type);
    }

    private static boolean allowedInHandshake(int type) {
        return type <= FrameType.ACK_ECN || type == FrameType.CRYPTO || type == FrameType.CONNECTION_CLOSE;
    }

    private static boolean isKnown(long type) {
        return type <= FrameType.HANDSHAKE_DONE || type == FrameType.DATAGRAM
                || type == FrameType.DATAGRAM_WITH_LENGTH;
    }

    private void parseFrame(int type, FrameVisitor visitor) throws QuicTransportException {
        switch (type) {
            case FrameType.PADDING -> parsePadding(visitor);
            case FrameType.PING -> visitor.onPing();
            case FrameType.ACK, FrameType.ACK_ECN -> parseAck(type == FrameType.ACK_ECN, visitor);
            case FrameType.RESET_STREAM -> {
                long streamId = varInt();
                long errorCode = varInt();
                visitor.onResetStream(streamId, errorCode, varInt());
            }
            case FrameType.STOP_SENDING -> {
                long streamId = varInt();
                visitor.onStopSending(streamId, varInt());
            }
            case FrameType.CRYPTO -> {
                long offset = varInt();
                int length = byteLength();
                checkEnd(offset, length);
                int dataOffset = take(length);
                visitor.onCrypto(offset, in.buffer(), dataOffset, length);
            }
            case FrameType.NEW_TOKEN -> {
                int length = byteLength();
                if (length == 0) {
                    throw encodingError("empty NEW_TOKEN");
                }
                int tokenOffset = take(length);
                visitor.onNewToken(in.buffer(), tokenOffset, length);
            }
            case 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f -> parseStream(type, visitor);
            case FrameType.MAX_DATA -> visitor.onMaxData(varInt());
            case FrameType.MAX_STREAM_DATA -> {
                long streamId = varInt();
                visitor.onMaxStreamData(streamId, varInt());
            }
            case FrameType.MAX_STREAMS_BIDI, FrameType.MAX_STREAMS_UNI ->
                    visitor.onMaxStreams(type == FrameType.MAX_STREAMS_BIDI, streamCount());
            case FrameType.DATA_BLOCKED -> visitor.onDataBlocked(varInt());
            case FrameType.STREAM_DATA_BLOCKED -> {
                long streamId = varInt();
                visitor.onStreamDataBlocked(streamId, varInt());
            }
            case FrameType.STREAMS_BLOCKED_BIDI, FrameType.STREAMS_BLOCKED_UNI ->
                    visitor.onStreamsBlocked(type == FrameType.STREAMS_BLOCKED_BIDI, streamCount());
            case FrameType.NEW_CONNECTION_ID -> parseNewConnectionId(visitor);
            case FrameType.RETIRE_CONNECTION_ID -> visitor.onRetireConnectionId(varInt());
            case FrameType.PATH_CHALLENGE -> visitor.onPathChallenge(pathData());
            case FrameType.PATH_RESPONSE -> visitor.onPathResponse(pathData());
            case FrameType.CONNECTION_CLOSE -> {
                long errorCode = varInt();
                long causeType = varInt();
                int length = byteLength();
                int reasonOffset = take(length);
                visitor.onConnectionClose(errorCode, causeType, in.buffer(), reasonOffset, length);
            }
            case FrameType.APPLICATION_CLOSE -> {
                long errorCode = varInt();
                int length = byteLength();
                int reasonOffset = take(length);
                visitor.onApplicationClose(errorCode, in.buffer(), reasonOffset, length);
            }
            case FrameType.HANDSHAKE_DONE -> visitor.onHandshakeDone();
            case FrameType.DATAGRAM, FrameType.DATAGRAM_WITH_LENGTH -> {
                int length = type == FrameType.DATAGRAM_WITH_LENGTH ? byteLength() : in.remaining();
                int dataOffset = take(length);
                visitor.onDatagram(in.buffer(), dataOffset, length);
            }
            default -> throw unknownType(type);
        }
    }

    private void parsePadding(FrameVisitor visitor) throws QuicTransportException {
        sawPadding = true;
        byte[] buf = in.buffer();
        int start = in.pos() - 1;
        int pos = in.pos();
        int end = pos + in.remaining();
        while (pos < end && buf[pos] == 0) {
            pos++;
        }
        in.skip(pos - in.pos());
        visitor.onPadding(pos - start);
    }

    /** RFC 9000 section 19.3: ranges go down from the largest acknowledged, each gap and length one short. */
    private void parseAck(boolean withEcn, FrameVisitor visitor) throws QuicTransportException {
        long largest = varInt();
        long ackDelay = varInt();
        long additionalRanges = varInt();
        long firstRange = varInt();
        if (firstRange > largest) {
            throw encodingError("first ACK range " + firstRange + " below packet 0 from " + largest);
        }
        // every further range takes at least two bytes: refuse an impossible count before looping on it
        if (additionalRanges > in.remaining() / 2) {
            throw truncated();
        }
        long smallest = largest - firstRange;
        ackRanges[0] = smallest;
        ackRanges[1] = largest;
        int kept = 1;
        int capacity = ackRanges.length / 2;
        for (long i = 0; i < additionalRanges; i++) {
            long gap = varInt();
            long length = varInt();
            long rangeLargest = smallest - gap - 2;
            long rangeSmallest = rangeLargest - length;
            if (rangeLargest < 0 || rangeSmallest < 0) {
                throw encodingError("ACK range below packet 0");
            }
            if (kept < capacity) {
                ackRanges[2 * kept] = rangeSmallest;
                ackRanges[2 * kept + 1] = rangeLargest;
                kept++;
            }
            smallest = rangeSmallest;
        }
        long ect0 = -1;
        long ect1 = -1;
        long ce = -1;
        if (withEcn) {
            ect0 = varInt();
            ect1 = varInt();
            ce = varInt();
        }
        visitor.onAck(ackDelay, ackRanges, kept, ect0, ect1, ce);
    }

    private void parseStream(int type, FrameVisitor visitor) throws QuicTransportException {
        long streamId = varInt();
        long offset = (type & FrameType.STREAM_OFF_BIT) != 0 ? varInt() : 0;
        int length = (type & FrameType.STREAM_LEN_BIT) != 0 ? byteLength() : in.remaining();
        checkEnd(offset, length);
        int dataOffset = take(length);
        visitor.onStream(streamId, offset, in.buffer(), dataOffset, length,
                (type & FrameType.STREAM_FIN_BIT) != 0);
    }

    private void parseNewConnectionId(FrameVisitor visitor) throws QuicTransportException {
        long sequence = varInt();
        long retirePriorTo = varInt();
        if (retirePriorTo > sequence) {
            throw encodingError("retire_prior_to " + retirePriorTo + " above sequence number " + sequence);
        }
        int cidLength = in.readUnsignedByte();
        if (cidLength < 0) {
            throw truncated();
        }
        if (cidLength == 0 || cidLength > MAX_CID_LENGTH) {
            throw encodingError("connection id of " + cidLength + " bytes");
        }
        int cidOffset = take(cidLength);
        int tokenOffset = take(RESET_TOKEN_LENGTH);
        visitor.onNewConnectionId(sequence, retirePriorTo, in.buffer(), cidOffset, cidLength, tokenOffset);
    }

    private long streamCount() throws QuicTransportException {
        long count = varInt();
        if (count > MAX_STREAMS) {
            throw encodingError("stream count " + count + " above 2^60");
        }
        return count;
    }

    private long pathData() throws QuicTransportException {
        if (in.remaining() < PATH_DATA_LENGTH) {
            throw truncated();
        }
        return in.readLong();
    }

    /** RFC 9000 sections 19.6 and 19.8: no byte of a stream may lie at or past 2^62. */
    private void checkEnd(long offset, int length) throws QuicTransportException {
        if (offset + length > VarInt.MAX) {
            throw encodingError("data ends at " + offset + " + " + length + ", past 2^62-1");
        }
    }

    private long varInt() throws QuicTransportException {
        long value = in.readVarInt();
        if (value < 0) {
            throw truncated();
        }
        return value;
    }

    /** A length field, checked against the bytes left before anything trusts it. */
    private int byteLength() throws QuicTransportException {
        long length = varInt();
        if (length > in.remaining()) {
            throw truncated();
        }
        return (int) length;
    }

    /** Moves past {@code length} bytes that must be there and returns where they start. */
    private int take(int length) throws QuicTransportException {
        if (length > in.remaining()) {
            throw truncated();
        }
        int start = in.pos();
        in.skip(length);
        return start;
    }

    private QuicTransportException truncated() {
        return encodingError("truncated frame");
    }

    private QuicTransportException encodingError(String reason) {
        return new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, frameType,
                reason + " (frame type 0x" + Long.toHexString(frameType) + ")");
    }

    private QuicTransportException unknownType(long type) {
        return new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, type,
                "unknown frame type 0x" + Long.toHexString(type));
    }
}
