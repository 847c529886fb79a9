package io.objsync.net.internal.quic.engine.frame;

import java.util.Arrays;

/**
 * Writes the frames the connection sends (RFC 9000 section 19) into {@code dst} at {@code pos}, each method
 * returning the position after the frame, and sizes them so a packetizer can fill a packet exactly. The caller
 * makes room first (the sizing methods say how much); a value no frame can carry, such as a negative or
 * over-2^62 integer, is a caller bug and throws {@link IllegalArgumentException}. Stateless.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /** PING. */
    public static int writePing(byte[] dst, int pos) {
        dst[pos] = FrameType.PING;
        return pos + 1;
    }

    /** {@code count} PADDING frames, that is {@code count} zero bytes. */
    public static int writePadding(byte[] dst, int pos, int count) {
        Arrays.fill(dst, pos, pos + count, (byte) 0);
        return pos + count;
    }

    /**
     * ACK: type 0x03 with the ECN counts when {@code ect0 >= 0}, else type 0x02 (the counts are then ignored).
     *
     * @param ranges {@code (smallest, largest)} pairs, highest range first and not touching, as {@link
     *     FrameVisitor#onAck} receives them
     * @param ackDelay the raw ack delay field, already scaled down by our ack_delay_exponent
     */
    public static int writeAck(byte[] dst, int pos, long[] ranges, int rangeCount, long ackDelay, long ect0,
            long ect1, long ce) {
        checkRangeCount(rangeCount);
        dst[pos++] = (byte) (ect0 >= 0 ? FrameType.ACK_ECN : FrameType.ACK);
        pos = VarInt.write(dst, pos, ranges[1]);
        pos = VarInt.write(dst, pos, ackDelay);
        pos = VarInt.write(dst, pos, rangeCount - 1);
        pos = VarInt.write(dst, pos, ranges[1] - ranges[0]);
        for (int i = 1; i < rangeCount; i++) {
            pos = VarInt.write(dst, pos, gapBelow(ranges, i));
            pos = VarInt.write(dst, pos, ranges[2 * i + 1] - ranges[2 * i]);
        }
        if (ect0 >= 0) {
            pos = VarInt.write(dst, pos, ect0);
            pos = VarInt.write(dst, pos, ect1);
            pos = VarInt.write(dst, pos, ce);
        }
        return pos;
    }

    /** The bytes {@link #writeAck} takes for the same arguments. */
    public static int ackFrameLength(long[] ranges, int rangeCount, long ackDelay, long ect0, long ect1,
            long ce) {
        checkRangeCount(rangeCount);
        int length = 1 + VarInt.length(ranges[1]) + VarInt.length(ackDelay) + VarInt.length(rangeCount - 1)
                + VarInt.length(ranges[1] - ranges[0]);
        for (int i = 1; i < rangeCount; i++) {
            length += VarInt.length(gapBelow(ranges, i)) + VarInt.length(ranges[2 * i + 1] - ranges[2 * i]);
        }
        if (ect0 >= 0) {
            length += VarInt.length(ect0) + VarInt.length(ect1) + VarInt.length(ce);
        }
        return length;
    }

    /** The gap field before range {@code i}: the unacknowledged packets between it and the range above, less one. */
    private static long gapBelow(long[] ranges, int i) {
        return ranges[2 * (i - 1)] - ranges[2 * i + 1] - 2;
    }

    private static void checkRangeCount(int rangeCount) {
        if (rangeCount < 1) {
            throw new IllegalArgumentException("an ACK frame needs a range");
        }
    }

    /** RESET_STREAM. */
    public static int writeResetStream(byte[] dst, int pos, long streamId, long errorCode, long finalSize) {
        return writeFields(dst, pos, FrameType.RESET_STREAM, streamId, errorCode, finalSize);
    }

    /** STOP_SENDING. */
    public static int writeStopSending(byte[] dst, int pos, long streamId, long errorCode) {
        return writeFields(dst, pos, FrameType.STOP_SENDING, streamId, errorCode);
    }

    /** CRYPTO carrying {@code src[srcOffset, srcOffset + length)} at crypto stream offset {@code offset}. */
    public static int writeCrypto(byte[] dst, int pos, long offset, byte[] src, int srcOffset, int length) {
        pos = writeFields(dst, pos, FrameType.CRYPTO, offset, length);
        return copy(src, srcOffset, dst, pos, length);
    }

    /** The bytes a CRYPTO frame takes before its {@code length} data bytes. */
    public static int cryptoFrameHeaderLength(long offset, int length) {
        return 1 + VarInt.length(offset) + VarInt.length(length);
    }

    /**
     * The most data bytes a CRYPTO frame at {@code offset} can carry within {@code space} bytes, or -1 if not
     * even an empty one fits.
     */
    public static int cryptoDataThatFits(long offset, int space) {
        return dataThatFitsWithLength(space - 1 - VarInt.length(offset));
    }

    /**
     * STREAM carrying {@code src[srcOffset, srcOffset + length)} at stream offset {@code offset}: with the OFF bit
     * only when {@code offset > 0}, the FIN bit when {@code fin}, and the LEN bit unless {@code withLength} is
     * false, which only the last frame of a packet may do (its data then runs to the end of the packet).
     */
    public static int writeStream(byte[] dst, int pos, long streamId, long offset, byte[] src, int srcOffset,
            int length, boolean fin, boolean withLength) {
        pos = writeStreamHeader(dst, pos, streamId, offset, length, fin, withLength);
        return copy(src, srcOffset, dst, pos, length);
    }

    /**
     * The header of a STREAM frame whose {@code length} data bytes the caller writes right after it (straight
     * from a send buffer, with no copy in between); otherwise as {@link #writeStream}.
     */
    public static int writeStreamHeader(byte[] dst, int pos, long streamId, long offset, int length, boolean fin,
            boolean withLength) {
        int type = FrameType.STREAM
                | (offset > 0 ? FrameType.STREAM_OFF_BIT : 0)
                | (withLength ? FrameType.STREAM_LEN_BIT : 0)
                | (fin ? FrameType.STREAM_FIN_BIT : 0);
        dst[pos++] = (byte) type;
        pos = VarInt.write(dst, pos, streamId);
        if (offset > 0) {
            pos = VarInt.write(dst, pos, offset);
        }
        if (withLength) {
            pos = VarInt.write(dst, pos, length);
        }
        return pos;
    }

    /** The bytes a STREAM frame with a length field takes before its {@code length} data bytes. */
    public static int streamFrameHeaderLength(long streamId, long offset, int length) {
        return streamFrameHeaderLength(streamId, offset) + VarInt.length(length);
    }

    /** The bytes a STREAM frame without a length field (the last in its packet) takes before its data. */
    public static int streamFrameHeaderLength(long streamId, long offset) {
        return 1 + VarInt.length(streamId) + (offset > 0 ? VarInt.length(offset) : 0);
    }

    /**
     * The most data bytes a STREAM frame for {@code streamId} at {@code offset} can carry within {@code space}
     * bytes, with or without its length field, or -1 if not even an empty one (as for a bare FIN) fits. A frame
     * without a length field must fill the packet to its end, so send exactly this many bytes then.
     */
    public static int streamDataThatFits(long streamId, long offset, int space, boolean withLength) {
        int room = space - streamFrameHeaderLength(streamId, offset);
        if (!withLength) {
            return room >= 0 ? room : -1;
        }
        return dataThatFitsWithLength(room);
    }

    /** The largest {@code n} with {@code varint length of n + n <= room}, or -1 if none. */
    private static int dataThatFitsWithLength(int room) {
        if (room < 1) {
            return -1;
        }
        int data = room - VarInt.length(room);
        // a shorter length field may leave room for a byte or two more, near the varint size boundaries
        while (data + 1 + VarInt.length(data + 1) <= room) {
            data++;
        }
        return data;
    }

    /** MAX_DATA. */
    public static int writeMaxData(byte[] dst, int pos, long maximumData) {
        return writeFields(dst, pos, FrameType.MAX_DATA, maximumData);
    }

    /** MAX_STREAM_DATA. */
    public static int writeMaxStreamData(byte[] dst, int pos, long streamId, long maximumStreamData) {
        return writeFields(dst, pos, FrameType.MAX_STREAM_DATA, streamId, maximumStreamData);
    }

    /** MAX_STREAMS for bidirectional or unidirectional streams. */
    public static int writeMaxStreams(byte[] dst, int pos, boolean bidirectional, long maximumStreams) {
        return writeFields(dst, pos, bidirectional ? FrameType.MAX_STREAMS_BIDI : FrameType.MAX_STREAMS_UNI,
                checkStreamCount(maximumStreams));
    }

    /** DATA_BLOCKED. */
    public static int writeDataBlocked(byte[] dst, int pos, long maximumData) {
        return writeFields(dst, pos, FrameType.DATA_BLOCKED, maximumData);
    }

    /** STREAM_DATA_BLOCKED. */
    public static int writeStreamDataBlocked(byte[] dst, int pos, long streamId, long maximumStreamData) {
        return writeFields(dst, pos, FrameType.STREAM_DATA_BLOCKED, streamId, maximumStreamData);
    }

    /** STREAMS_BLOCKED for bidirectional or unidirectional streams. */
    public static int writeStreamsBlocked(byte[] dst, int pos, boolean bidirectional, long maximumStreams) {
        return writeFields(dst, pos,
                bidirectional ? FrameType.STREAMS_BLOCKED_BIDI : FrameType.STREAMS_BLOCKED_UNI,
                checkStreamCount(maximumStreams));
    }

    private static long checkStreamCount(long count) {
        if (count > FrameParser.MAX_STREAMS) {
            throw new IllegalArgumentException("stream count above 2^60: " + count);
        }
        return count;
    }

    /**
     * NEW_CONNECTION_ID with the connection id {@code cid[cidOffset, cidOffset + cidLength)} (1..20 bytes) and the
     * 16-byte stateless reset token at {@code resetToken[tokenOffset]}.
     */
    public static int writeNewConnectionId(byte[] dst, int pos, long sequenceNumber, long retirePriorTo,
            byte[] cid, int cidOffset, int cidLength, byte[] resetToken, int tokenOffset) {
        if (cidLength < 1 || cidLength > FrameParser.MAX_CID_LENGTH || retirePriorTo > sequenceNumber) {
            throw new IllegalArgumentException("bad NEW_CONNECTION_ID: cid of " + cidLength
                    + " bytes, retire prior to " + retirePriorTo + " of " + sequenceNumber);
        }
        pos = writeFields(dst, pos, FrameType.NEW_CONNECTION_ID, sequenceNumber, retirePriorTo);
        dst[pos++] = (byte) cidLength;
        pos = copy(cid, cidOffset, dst, pos, cidLength);
        return copy(resetToken, tokenOffset, dst, pos, FrameParser.RESET_TOKEN_LENGTH);
    }

    /** RETIRE_CONNECTION_ID. */
    public static int writeRetireConnectionId(byte[] dst, int pos, long sequenceNumber) {
        return writeFields(dst, pos, FrameType.RETIRE_CONNECTION_ID, sequenceNumber);
    }

    /** PATH_CHALLENGE with its 8 data bytes as a big-endian long. */
    public static int writePathChallenge(byte[] dst, int pos, long data) {
        return writePathFrame(dst, pos, FrameType.PATH_CHALLENGE, data);
    }

    /** PATH_RESPONSE echoing a challenge's 8 data bytes, as a big-endian long. */
    public static int writePathResponse(byte[] dst, int pos, long data) {
        return writePathFrame(dst, pos, FrameType.PATH_RESPONSE, data);
    }

    private static int writePathFrame(byte[] dst, int pos, int type, long data) {
        dst[pos++] = (byte) type;
        for (int shift = 56; shift >= 0; shift -= 8) {
            dst[pos++] = (byte) (data >>> shift);
        }
        return pos;
    }

    /**
     * CONNECTION_CLOSE (0x1c) for a transport error caused by a frame of {@code frameType} (0 if none), with the
     * UTF-8 reason phrase {@code reason[reasonOffset, reasonOffset + reasonLength)}.
     */
    public static int writeConnectionClose(byte[] dst, int pos, long errorCode, long frameType, byte[] reason,
            int reasonOffset, int reasonLength) {
        pos = writeFields(dst, pos, FrameType.CONNECTION_CLOSE, errorCode, frameType, reasonLength);
        return copy(reason, reasonOffset, dst, pos, reasonLength);
    }

    /** CONNECTION_CLOSE (0x1d) for an application error, with a UTF-8 reason phrase. */
    public static int writeApplicationClose(byte[] dst, int pos, long errorCode, byte[] reason, int reasonOffset,
            int reasonLength) {
        pos = writeFields(dst, pos, FrameType.APPLICATION_CLOSE, errorCode, reasonLength);
        return copy(reason, reasonOffset, dst, pos, reasonLength);
    }

    /** The bytes {@link #writeConnectionClose} takes. */
    public static int connectionCloseLength(long errorCode, long frameType, int reasonLength) {
        return applicationCloseLength(errorCode, reasonLength) + VarInt.length(frameType);
    }

    /** The bytes {@link #writeApplicationClose} takes. */
    public static int applicationCloseLength(long errorCode, int reasonLength) {
        return 1 + VarInt.length(errorCode) + VarInt.length(reasonLength) + reasonLength;
    }

    /** HANDSHAKE_DONE. */
    public static int writeHandshakeDone(byte[] dst, int pos) {
        dst[pos] = FrameType.HANDSHAKE_DONE;
        return pos + 1;
    }

    private static int writeFields(byte[] dst, int pos, int type, long field) {
        dst[pos] = (byte) type;
        return VarInt.write(dst, pos + 1, field);
    }

    private static int writeFields(byte[] dst, int pos, int type, long first, long second) {
        return VarInt.write(dst, writeFields(dst, pos, type, first), second);
    }

    private static int writeFields(byte[] dst, int pos, int type, long first, long second, long third) {
        return VarInt.write(dst, writeFields(dst, pos, type, first, second), third);
    }

    private static int copy(byte[] src, int srcOffset, byte[] dst, int pos, int length) {
        System.arraycopy(src, srcOffset, dst, pos, length);
        return pos + length;
    }
}
