package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static io.objsync.net.internal.quic.engine.QuicTransportException.FRAME_ENCODING_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.PROTOCOL_VIOLATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every way a peer's payload can be malformed ends in a typed error naming the frame type (RFC 9000 s. 12.4, 19). */
class FrameValidationTest {

    private static final HexFormat HEX = HexFormat.of();

    private final FrameParser parser = new FrameParser(8);
    private RecordingVisitor seen;

    private QuicTransportException reject(String hex) {
        return reject(HEX.parseHex(hex));
    }

    private QuicTransportException reject(byte[] payload) {
        seen = new RecordingVisitor().payload(0, payload.length);
        return assertThrows(QuicTransportException.class, () -> parser.parse(payload, 0, payload.length, seen));
    }

    private void assertRejected(String hex, long errorCode, long frameType) {
        QuicTransportException e = reject(hex);
        assertEquals(errorCode, e.errorCode(), e.getMessage());
        assertEquals(frameType, e.frameType(), e.getMessage());
    }

    private List<String> accept(String hex) throws QuicTransportException {
        byte[] payload = HEX.parseHex(hex);
        seen = new RecordingVisitor().payload(0, payload.length);
        parser.parse(payload, 0, payload.length, seen);
        return seen.frames;
    }

    /** RFC 9000 section 12.4: a packet must hold at least one frame. */
    @Test
    void emptyPayloadIsAProtocolViolation() {
        byte[] buf = new byte[10];
        seen = new RecordingVisitor();
        QuicTransportException e = assertThrows(QuicTransportException.class, () -> parser.parse(buf, 4, 4, seen));
        assertEquals(PROTOCOL_VIOLATION, e.errorCode());
        assertEquals(0, e.frameType());
    }

    @Test
    void unknownFrameTypes() {
        for (int type : new int[] {0x1f, 0x20, 0x2f, 0x32, 0x3f}) {
            assertRejected(String.format("%02x", type) + "00000000", FRAME_ENCODING_ERROR, type);
        }
        assertRejected("4040", FRAME_ENCODING_ERROR, 0x40);
        assertRejected("80abcdef", FRAME_ENCODING_ERROR, 0xabcdef);
        assertRejected("40", FRAME_ENCODING_ERROR, 0);
    }

    /** RFC 9000 section 12.4: a known type in a longer encoding than needed may be a PROTOCOL_VIOLATION. */
    @Test
    void nonMinimalFrameTypeIsAProtocolViolation() {
        assertRejected("4001", PROTOCOL_VIOLATION, FrameType.PING);
        assertRejected("80000008" + "00", PROTOCOL_VIOLATION, FrameType.STREAM);
    }

    /** Every proper prefix of every length-delimited frame is a truncated frame of that type. */
    @Test
    void everyTruncationIsAFrameEncodingError() {
        byte[] data = new byte[70];
        byte[] cid = new byte[20];
        byte[] token = new byte[16];
        byte[] buf = new byte[256];
        List<byte[]> frames = List.of(
                frame(buf, FrameWriter.writeAck(buf, 0, new long[] {1000, 70000, 20, 900, 0, 10}, 3, 20000, -1, -1,
                        -1)),
                frame(buf, FrameWriter.writeAck(buf, 0, new long[] {5, 5}, 1, 3, 1, 70000, 1L << 31)),
                frame(buf, FrameWriter.writeResetStream(buf, 0, 1L << 20, 300, 1L << 40)),
                frame(buf, FrameWriter.writeStopSending(buf, 0, 70000, 1L << 35)),
                frame(buf, FrameWriter.writeCrypto(buf, 0, 20000, data, 0, 70)),
                HEX.parseHex("07" + "03" + "aabbcc"),
                frame(buf, FrameWriter.writeStream(buf, 0, 1L << 31, 1L << 33, data, 0, 70, true, true)),
                frame(buf, FrameWriter.writeStream(buf, 0, 300, 0, data, 0, 2, false, true)),
                frame(buf, FrameWriter.writeMaxData(buf, 0, 1L << 40)),
                frame(buf, FrameWriter.writeMaxStreamData(buf, 0, 4, 1L << 40)),
                frame(buf, FrameWriter.writeMaxStreams(buf, 0, true, 1L << 60)),
                frame(buf, FrameWriter.writeMaxStreams(buf, 0, false, 100)),
                frame(buf, FrameWriter.writeDataBlocked(buf, 0, 70000)),
                frame(buf, FrameWriter.writeStreamDataBlocked(buf, 0, 70000, 70000)),
                frame(buf, FrameWriter.writeStreamsBlocked(buf, 0, true, 1L << 40)),
                frame(buf, FrameWriter.writeStreamsBlocked(buf, 0, false, 64)),
                frame(buf, FrameWriter.writeNewConnectionId(buf, 0, 300, 200, cid, 0, 20, token, 0)),
                frame(buf, FrameWriter.writeRetireConnectionId(buf, 0, 16384)),
                frame(buf, FrameWriter.writePathChallenge(buf, 0, -1)),
                frame(buf, FrameWriter.writePathResponse(buf, 0, 1)),
                frame(buf, FrameWriter.writeConnectionClose(buf, 0, 0x100, 0x0a, data, 0, 10)),
                frame(buf, FrameWriter.writeApplicationClose(buf, 0, 1L << 40, data, 0, 10)),
                HEX.parseHex("31" + "03" + "aabbcc"));
        for (byte[] frame : frames) {
            int type = frame[0];
            for (int cut = 1; cut < frame.length; cut++) {
                byte[] prefix = new byte[cut];
                System.arraycopy(frame, 0, prefix, 0, cut);
                QuicTransportException e = reject(prefix);
                assertEquals(FRAME_ENCODING_ERROR, e.errorCode(), HEX.formatHex(prefix));
                assertEquals(type, e.frameType(), HEX.formatHex(prefix));
                assertEquals(List.of(), seen.frames, "nothing of a truncated frame is visited");
            }
        }
    }

    /** RFC 9000 section 19.3.1: the first range reaching below packet 0. */
    @Test
    void ackFirstRangeLargerThanLargest() {
        assertRejected("02" + "05" + "00" + "00" + "06", FRAME_ENCODING_ERROR, FrameType.ACK);
        assertRejected("03" + "05" + "00" + "00" + "06" + "000000", FRAME_ENCODING_ERROR, FrameType.ACK_ECN);
    }

    /** RFC 9000 section 19.3.1: a gap or a range length that takes a later range below packet 0. */
    @Test
    void ackRangeBelowZero() {
        // largest 5, first range 3 (down to 2), gap 1: the next range would start at 2 - 1 - 2 = -1
        assertRejected("02" + "05" + "00" + "01" + "03" + "01" + "00", FRAME_ENCODING_ERROR, FrameType.ACK);
        // largest 5, first range 1 (down to 4), gap 0 (next from 2), length 3: down to -1
        assertRejected("02" + "05" + "00" + "01" + "01" + "00" + "03", FRAME_ENCODING_ERROR, FrameType.ACK);
    }

    @Test
    void ackRangeDownToExactlyZeroIsFine() throws QuicTransportException {
        assertEquals(List.of("ACK delay=0 ranges=4-5,0-2"), accept("02" + "05" + "00" + "01" + "01" + "00" + "02"));
    }

    /** A range count of 2^62-1 in a few bytes is refused at once rather than looped on. */
    @Test
    void ackRangeCountBeyondThePayload() {
        assertRejected("02" + "05" + "00" + "ffffffffffffffff" + "00" + "0000", FRAME_ENCODING_ERROR, FrameType.ACK);
    }

    /** RFC 9000 sections 19.6 and 19.8: offset + length may not pass 2^62-1. */
    @Test
    void streamAndCryptoDataPastTheLargestOffset() throws QuicTransportException {
        String max = "ffffffffffffffff"; // 2^62-1
        assertRejected("0e" + "04" + max + "01" + "aa", FRAME_ENCODING_ERROR, 0x0e);
        assertRejected("0c" + "04" + max + "aa", FRAME_ENCODING_ERROR, 0x0c);
        assertRejected("06" + max + "01" + "aa", FRAME_ENCODING_ERROR, FrameType.CRYPTO);
        assertEquals(List.of("STREAM 4 off=" + VarInt.MAX + " data= fin"), accept("0f" + "04" + max + "00"));
        assertEquals(List.of("CRYPTO off=" + (VarInt.MAX - 1) + " data=aa"),
                accept("06" + "fffffffffffffffe" + "01" + "aa"));
    }

    /** RFC 9000 sections 19.11 and 19.14: stream counts above 2^60. */
    @Test
    void streamCountsAbove2To60() throws QuicTransportException {
        String over = "d000000000000001"; // 2^60 + 1
        for (int type : new int[] {0x12, 0x13, 0x16, 0x17}) {
            assertRejected(String.format("%02x", type) + over, FRAME_ENCODING_ERROR, type);
        }
        assertEquals(List.of("MAX_STREAMS uni " + (1L << 60)), accept("13" + "d000000000000000"));
    }

    /** RFC 9000 section 19.15: connection id length 1..20, retire_prior_to not above the sequence number. */
    @Test
    void badNewConnectionId() {
        String token = "00112233445566778899aabbccddeeff";
        assertRejected("18" + "01" + "00" + "00" + token, FRAME_ENCODING_ERROR, FrameType.NEW_CONNECTION_ID);
        assertRejected("18" + "01" + "00" + "15" + "00".repeat(21) + token, FRAME_ENCODING_ERROR,
                FrameType.NEW_CONNECTION_ID);
        assertRejected("18" + "01" + "02" + "04" + "01020304" + token, FRAME_ENCODING_ERROR,
                FrameType.NEW_CONNECTION_ID);
    }

    /** RFC 9000 section 19.7: an empty token. */
    @Test
    void emptyNewToken() {
        assertRejected("07" + "00", FRAME_ENCODING_ERROR, FrameType.NEW_TOKEN);
    }

    /** Length fields that run past the payload, up to the largest varint, are refused before anything is read. */
    @Test
    void lengthsPastTheEnd() {
        String huge = "ffffffffffffffff";
        assertRejected("0a" + "00" + "05" + "aabb", FRAME_ENCODING_ERROR, 0x0a);
        assertRejected("0a" + "00" + huge + "aabb", FRAME_ENCODING_ERROR, 0x0a);
        assertRejected("06" + "00" + huge, FRAME_ENCODING_ERROR, FrameType.CRYPTO);
        assertRejected("07" + "bfffffff" + "aa", FRAME_ENCODING_ERROR, FrameType.NEW_TOKEN);
        assertRejected("1c" + "00" + "00" + "03" + "aabb", FRAME_ENCODING_ERROR, FrameType.CONNECTION_CLOSE);
        assertRejected("1d" + "00" + huge, FRAME_ENCODING_ERROR, FrameType.APPLICATION_CLOSE);
        assertRejected("31" + "02" + "aa", FRAME_ENCODING_ERROR, FrameType.DATAGRAM_WITH_LENGTH);
    }

    /** RFC 9000 section 12.4, table 3: Initial and Handshake packets carry only the handshake's frames. */
    @Test
    void initialAndHandshakePacketsAllowOnlyTheirFrames() throws QuicTransportException {
        byte[] allowed = HEX.parseHex("00" + "01" + "0200000000" + "0300000000000000" + "06000101"
                + "1c000000");
        seen = new RecordingVisitor().payload(0, allowed.length);
        parser.parseInitialOrHandshake(allowed, 0, allowed.length, seen);
        assertEquals(List.of("PADDING 1", "PING", "ACK delay=0 ranges=0-0", "ACK delay=0 ranges=0-0 ecn=0/0/0",
                "CRYPTO off=0 data=01", "CONNECTION_CLOSE error=0 frame=0 reason="), seen.frames);
        for (String frame : new String[] {"0a000101", "1d0000", "1e", "10ff", "0701aa", "19" + "00", "3100"}) {
            byte[] payload = HEX.parseHex("01" + frame);
            RecordingVisitor visitor = new RecordingVisitor().payload(0, payload.length);
            QuicTransportException e = assertThrows(QuicTransportException.class,
                    () -> parser.parseInitialOrHandshake(payload, 0, payload.length, visitor));
            assertEquals(PROTOCOL_VIOLATION, e.errorCode(), frame);
            assertEquals(payload[1], e.frameType(), frame);
            assertEquals(List.of("PING"), visitor.frames);
        }
    }

    /** Frames before the bad one were visited; the error names the bad one's type. */
    @Test
    void framesBeforeTheErrorAreVisited() {
        QuicTransportException e = reject("01" + "10" + "05" + "07" + "00");
        assertEquals(FrameType.NEW_TOKEN, e.frameType());
        assertEquals(List.of("PING", "MAX_DATA 5"), seen.frames);
    }

    /** The engine's own errors thrown from the visitor come out unchanged and stop the parse there. */
    @Test
    void visitorErrorsPassThrough() {
        QuicTransportException mine = new QuicTransportException(QuicTransportException.FLOW_CONTROL_ERROR, 0x0a,
                "over the limit");
        byte[] payload = HEX.parseHex("0a" + "00" + "01" + "aa" + "01");
        RecordingVisitor visitor = new RecordingVisitor().payload(0, payload.length).failAt("STREAM", mine);
        assertSame(mine, assertThrows(QuicTransportException.class,
                () -> parser.parse(payload, 0, payload.length, visitor)));
        assertEquals(List.of(), visitor.frames, "the PING after the STREAM frame is not reached");
    }

    private static byte[] frame(byte[] buf, int end) {
        byte[] frame = new byte[end];
        System.arraycopy(buf, 0, frame, 0, end);
        return frame;
    }
}
