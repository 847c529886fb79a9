package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A visitor that writes down each frame it is shown as one line of text, and checks that every zero-copy slice it
 * is handed lies inside the payload being parsed.
 */
final class RecordingVisitor implements FrameVisitor {

    private static final HexFormat HEX = HexFormat.of();

    final List<String> frames = new ArrayList<>();
    private int payloadStart;
    private int payloadEnd;
    private String failPrefix;
    private QuicTransportException failure;

    /** Makes the visitor throw {@code failure} at the first frame whose line starts with {@code linePrefix}. */
    RecordingVisitor failAt(String linePrefix, QuicTransportException failure) {
        this.failPrefix = linePrefix;
        this.failure = failure;
        return this;
    }

    private void record(String line) throws QuicTransportException {
        if (failPrefix != null && line.startsWith(failPrefix)) {
            throw failure;
        }
        frames.add(line);
    }

    /** Says which part of the buffer is the payload, for the slice checks. */
    RecordingVisitor payload(int start, int end) {
        payloadStart = start;
        payloadEnd = end;
        return this;
    }

    private String slice(byte[] buf, int offset, int length) {
        if (length < 0 || offset < payloadStart || offset + length > payloadEnd) {
            throw new AssertionError("slice [" + offset + ", +" + length + ") outside the payload ["
                    + payloadStart + ", " + payloadEnd + ")");
        }
        return HEX.formatHex(buf, offset, offset + length);
    }

    @Override
    public void onPadding(int count) throws QuicTransportException {
        record("PADDING " + count);
    }

    @Override
    public void onPing() throws QuicTransportException {
        record("PING");
    }

    @Override
    public void onAck(long ackDelay, long[] ranges, int rangeCount, long ect0, long ect1, long ce) throws QuicTransportException {
        checkAckRanges(ranges, rangeCount);
        StringBuilder line = new StringBuilder("ACK delay=").append(ackDelay).append(" ranges=");
        for (int i = 0; i < rangeCount; i++) {
            line.append(i == 0 ? "" : ",").append(ranges[2 * i]).append('-').append(ranges[2 * i + 1]);
        }
        if (ect0 >= 0 || ect1 >= 0 || ce >= 0) {
            line.append(" ecn=").append(ect0).append('/').append(ect1).append('/').append(ce);
        }
        record(line.toString());
    }

    /** What the parser promises of ACK ranges: highest first, each non-empty, separated, none below 0. */
    private static void checkAckRanges(long[] ranges, int rangeCount) {
        if (rangeCount < 1 || 2 * rangeCount > ranges.length) {
            throw new AssertionError("range count " + rangeCount);
        }
        long below = Long.MAX_VALUE;
        for (int i = 0; i < rangeCount; i++) {
            long smallest = ranges[2 * i];
            long largest = ranges[2 * i + 1];
            if (smallest < 0 || smallest > largest || largest >= below - 1) {
                throw new AssertionError("bad ACK range " + smallest + "-" + largest + " under " + below);
            }
            below = smallest;
        }
    }

    private static void checkStreamEnd(long offset, int length) {
        if (offset < 0 || offset + length > VarInt.MAX) {
            throw new AssertionError("data past 2^62-1: " + offset + " + " + length);
        }
    }

    @Override
    public void onResetStream(long streamId, long errorCode, long finalSize) throws QuicTransportException {
        record("RESET_STREAM " + streamId + " error=" + errorCode + " final=" + finalSize);
    }

    @Override
    public void onStopSending(long streamId, long errorCode) throws QuicTransportException {
        record("STOP_SENDING " + streamId + " error=" + errorCode);
    }

    @Override
    public void onCrypto(long offset, byte[] buf, int dataOffset, int length) throws QuicTransportException {
        checkStreamEnd(offset, length);
        record("CRYPTO off=" + offset + " data=" + slice(buf, dataOffset, length));
    }

    @Override
    public void onNewToken(byte[] buf, int tokenOffset, int tokenLength) throws QuicTransportException {
        record("NEW_TOKEN " + slice(buf, tokenOffset, tokenLength));
    }

    @Override
    public void onStream(long streamId, long offset, byte[] buf, int dataOffset, int length, boolean fin) throws QuicTransportException {
        checkStreamEnd(offset, length);
        record("STREAM " + streamId + " off=" + offset + " data=" + slice(buf, dataOffset, length)
                + (fin ? " fin" : ""));
    }

    @Override
    public void onMaxData(long maximumData) throws QuicTransportException {
        record("MAX_DATA " + maximumData);
    }

    @Override
    public void onMaxStreamData(long streamId, long maximumStreamData) throws QuicTransportException {
        record("MAX_STREAM_DATA " + streamId + " " + maximumStreamData);
    }

    @Override
    public void onMaxStreams(boolean bidirectional, long maximumStreams) throws QuicTransportException {
        record("MAX_STREAMS " + (bidirectional ? "bidi " : "uni ") + maximumStreams);
    }

    @Override
    public void onDataBlocked(long maximumData) throws QuicTransportException {
        record("DATA_BLOCKED " + maximumData);
    }

    @Override
    public void onStreamDataBlocked(long streamId, long maximumStreamData) throws QuicTransportException {
        record("STREAM_DATA_BLOCKED " + streamId + " " + maximumStreamData);
    }

    @Override
    public void onStreamsBlocked(boolean bidirectional, long maximumStreams) throws QuicTransportException {
        record("STREAMS_BLOCKED " + (bidirectional ? "bidi " : "uni ") + maximumStreams);
    }

    @Override
    public void onNewConnectionId(long sequenceNumber, long retirePriorTo, byte[] buf, int cidOffset,
            int cidLength, int resetTokenOffset) throws QuicTransportException {
        if (cidLength < 1 || cidLength > 20 || retirePriorTo > sequenceNumber) {
            throw new AssertionError("bad NEW_CONNECTION_ID passed on");
        }
        record("NEW_CONNECTION_ID " + sequenceNumber + " retire<" + retirePriorTo + " cid="
                + slice(buf, cidOffset, cidLength) + " token=" + slice(buf, resetTokenOffset, 16));
    }

    @Override
    public void onRetireConnectionId(long sequenceNumber) throws QuicTransportException {
        record("RETIRE_CONNECTION_ID " + sequenceNumber);
    }

    @Override
    public void onPathChallenge(long data) throws QuicTransportException {
        record("PATH_CHALLENGE " + Long.toHexString(data));
    }

    @Override
    public void onPathResponse(long data) throws QuicTransportException {
        record("PATH_RESPONSE " + Long.toHexString(data));
    }

    @Override
    public void onConnectionClose(long errorCode, long frameType, byte[] buf, int reasonOffset, int reasonLength) throws QuicTransportException {
        record("CONNECTION_CLOSE error=" + errorCode + " frame=" + frameType + " reason="
                + slice(buf, reasonOffset, reasonLength));
    }

    @Override
    public void onApplicationClose(long errorCode, byte[] buf, int reasonOffset, int reasonLength) throws QuicTransportException {
        record("APPLICATION_CLOSE error=" + errorCode + " reason=" + slice(buf, reasonOffset, reasonLength));
    }

    @Override
    public void onHandshakeDone() throws QuicTransportException {
        record("HANDSHAKE_DONE");
    }

    @Override
    public void onDatagram(byte[] buf, int dataOffset, int length) throws QuicTransportException {
        record("DATAGRAM " + slice(buf, dataOffset, length));
    }
}
