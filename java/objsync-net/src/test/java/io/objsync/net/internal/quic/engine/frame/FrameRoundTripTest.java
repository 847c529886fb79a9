package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every frame type written by {@link FrameWriter} and read back by {@link FrameParser}, alone and in sequence. */
class FrameRoundTripTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Payloads start past a few bytes of "header" so offsets other than 0 are exercised. */
    private static final int START = 3;

    private final byte[] buf = new byte[4096];
    private final FrameParser parser = new FrameParser(16);
    private RecordingVisitor seen;

    /** Parses {@code buf[START, end)} and returns whether it was ack-eliciting. */
    private boolean parse(int end) throws QuicTransportException {
        seen = new RecordingVisitor().payload(START, end);
        return parser.parse(buf, START, end, seen);
    }

    private void assertOnly(int end, String expected, boolean ackEliciting) throws QuicTransportException {
        assertEquals(ackEliciting, parse(end));
        assertEquals(List.of(expected), seen.frames);
    }

    @Test
    void ping() throws QuicTransportException {
        assertOnly(FrameWriter.writePing(buf, START), "PING", true);
    }

    @Test
    void paddingIsOneRunAndNotAckEliciting() throws QuicTransportException {
        buf[START + 7] = 1; // garbage past the run must not be reached
        assertOnly(FrameWriter.writePadding(buf, START, 7), "PADDING 7", false);
        assertTrue(parser.lastPayloadHadPadding());
    }

    @Test
    void ackWithSeveralRanges() throws QuicTransportException {
        long[] ranges = {100, 105, 90, 97, 0, 10};
        int end = FrameWriter.writeAck(buf, START, ranges, 3, 250, -1, -1, -1);
        assertEquals(FrameWriter.ackFrameLength(ranges, 3, 250, -1, -1, -1), end - START);
        assertOnly(end, "ACK delay=250 ranges=100-105,90-97,0-10", false);
        assertFalse(parser.lastPayloadHadPadding());
    }

    @Test
    void ackWithEcnCounts() throws QuicTransportException {
        long[] ranges = {VarInt.MAX - 5, VarInt.MAX};
        int end = FrameWriter.writeAck(buf, START, ranges, 1, 0, 7, 0, 1L << 40);
        assertEquals(FrameType.ACK_ECN, buf[START]);
        assertEquals(FrameWriter.ackFrameLength(ranges, 1, 0, 7, 0, 1L << 40), end - START);
        assertOnly(end, "ACK delay=0 ranges=" + (VarInt.MAX - 5) + "-" + VarInt.MAX + " ecn=7/0/" + (1L << 40),
                false);
    }

    /** Ranges one packet apart (gap field 0) and single-packet ranges (length field 0). */
    @Test
    void ackWithTightRanges() throws QuicTransportException {
        long[] ranges = {8, 8, 6, 6, 4, 4, 0, 2};
        int end = FrameWriter.writeAck(buf, START, ranges, 4, 1, -1, -1, -1);
        // type, largest 8, delay 1, 3 more ranges, first range 0, then (gap, length) pairs 0 0, 0 0, 0 2
        assertEquals("02" + "08" + "01" + "03" + "00" + "0000" + "0000" + "0002",
                HEX.formatHex(buf, START, end));
        assertOnly(end, "ACK delay=1 ranges=8-8,6-6,4-4,0-2", false);
    }

    /**
     * RFC 9001 appendix A.3: the server Initial's payload starts with an ACK of packet 0 (02 00 00 00 00) and a
     * CRYPTO frame at offset 0 of 0x5a bytes (06 00 40 5a).
     */
    @Test
    void rfc9001ServerInitialFrameHeaders() throws QuicTransportException {
        int end = FrameWriter.writeAck(buf, START, new long[] {0, 0}, 1, 0, -1, -1, -1);
        assertEquals("0200000000", HEX.formatHex(buf, START, end));
        byte[] hello = new byte[0x5a];
        int cryptoStart = end;
        end = FrameWriter.writeCrypto(buf, end, 0, hello, 0, hello.length);
        assertEquals("0600405a", HEX.formatHex(buf, cryptoStart, cryptoStart + 4));
        assertEquals(4, FrameWriter.cryptoFrameHeaderLength(0, hello.length));
        assertTrue(parse(end));
        assertEquals(List.of("ACK delay=0 ranges=0-0", "CRYPTO off=0 data=" + HEX.formatHex(hello)), seen.frames);
    }

    /** RFC 9001 appendix A.2: the client Initial's CRYPTO frame header for its 241-byte ClientHello. */
    @Test
    void rfc9001ClientInitialCryptoHeader() {
        byte[] hello = new byte[241];
        FrameWriter.writeCrypto(buf, 0, 0, hello, 0, hello.length);
        assertEquals("060040f1", HEX.formatHex(buf, 0, 4));
    }

    @Test
    void resetStreamAndStopSending() throws QuicTransportException {
        assertOnly(FrameWriter.writeResetStream(buf, START, 4, 77, 1L << 35), "RESET_STREAM 4 error=77 final="
                + (1L << 35), true);
        assertOnly(FrameWriter.writeStopSending(buf, START, 3, VarInt.MAX), "STOP_SENDING 3 error=" + VarInt.MAX,
                true);
    }

    @Test
    void cryptoAtAnOffset() throws QuicTransportException {
        byte[] data = {1, 2, 3};
        assertOnly(FrameWriter.writeCrypto(buf, START, 1000, data, 0, 3), "CRYPTO off=1000 data=010203", true);
    }

    /** NEW_TOKEN is only parsed (a client never sends it), so its bytes are built by hand. */
    @Test
    void newToken() throws QuicTransportException {
        int end = hand(START, "07" + "03" + "aabbcc");
        assertOnly(end, "NEW_TOKEN aabbcc", true);
    }

    @Test
    void streamWithAndWithoutOffsetLengthAndFin() throws QuicTransportException {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        int end = FrameWriter.writeStream(buf, START, 4, 0, data, 0, 5, false, true);
        assertEquals(0x0a, buf[START], "LEN only: no OFF bit at offset 0");
        assertEquals(FrameWriter.streamFrameHeaderLength(4, 0, 5) + 5, end - START);
        assertOnly(end, "STREAM 4 off=0 data=68656c6c6f", true);

        end = FrameWriter.writeStream(buf, START, 1L << 40, 70000, data, 1, 3, true, false);
        assertEquals(0x0d, buf[START], "OFF and FIN, no LEN");
        assertEquals(FrameWriter.streamFrameHeaderLength(1L << 40, 70000) + 3, end - START);
        assertOnly(end, "STREAM " + (1L << 40) + " off=70000 data=656c6c fin", true);

        end = FrameWriter.writeStream(buf, START, 0, 9, data, 0, 0, true, true);
        assertEquals(0x0f, buf[START]);
        assertOnly(end, "STREAM 0 off=9 data= fin", true);
    }

    /** All eight STREAM types 0x08..0x0f, hand built: OFF 0x04, LEN 0x02, FIN 0x01 (RFC 9000 section 19.8). */
    @Test
    void everyStreamTypeBit() throws QuicTransportException {
        for (int type = 0x08; type <= 0x0f; type++) {
            boolean off = (type & 0x04) != 0;
            boolean len = (type & 0x02) != 0;
            boolean fin = (type & 0x01) != 0;
            String hex = String.format("%02x", type) + "05" + (off ? "4100" : "") + (len ? "02" : "") + "abcd";
            int end = hand(START, hex);
            assertOnly(end, "STREAM 5 off=" + (off ? 256 : 0) + " data=abcd" + (fin ? " fin" : ""), true);
        }
    }

    @Test
    void flowControlFrames() throws QuicTransportException {
        assertOnly(FrameWriter.writeMaxData(buf, START, 1L << 50), "MAX_DATA " + (1L << 50), true);
        assertOnly(FrameWriter.writeMaxStreamData(buf, START, 8, 65536), "MAX_STREAM_DATA 8 65536", true);
        assertOnly(FrameWriter.writeMaxStreams(buf, START, true, 100), "MAX_STREAMS bidi 100", true);
        assertOnly(FrameWriter.writeMaxStreams(buf, START, false, 1L << 60), "MAX_STREAMS uni " + (1L << 60),
                true);
        assertOnly(FrameWriter.writeDataBlocked(buf, START, 12345), "DATA_BLOCKED 12345", true);
        assertOnly(FrameWriter.writeStreamDataBlocked(buf, START, 2, 0), "STREAM_DATA_BLOCKED 2 0", true);
        assertOnly(FrameWriter.writeStreamsBlocked(buf, START, true, 3), "STREAMS_BLOCKED bidi 3", true);
        assertOnly(FrameWriter.writeStreamsBlocked(buf, START, false, 0), "STREAMS_BLOCKED uni 0", true);
    }

    @Test
    void connectionIdFrames() throws QuicTransportException {
        byte[] cid = HEX.parseHex("0102030405060708");
        byte[] token = HEX.parseHex("00112233445566778899aabbccddeeff");
        assertOnly(FrameWriter.writeNewConnectionId(buf, START, 5, 2, cid, 0, 8, token, 0),
                "NEW_CONNECTION_ID 5 retire<2 cid=0102030405060708 token=00112233445566778899aabbccddeeff", true);
        byte[] longest = new byte[20];
        longest[19] = 9;
        assertOnly(FrameWriter.writeNewConnectionId(buf, START, 1, 1, longest, 0, 20, token, 0),
                "NEW_CONNECTION_ID 1 retire<1 cid=" + HEX.formatHex(longest) + " token=" + HEX.formatHex(token),
                true);
        assertOnly(FrameWriter.writeRetireConnectionId(buf, START, 4), "RETIRE_CONNECTION_ID 4", true);
    }

    @Test
    void pathFrames() throws QuicTransportException {
        int end = FrameWriter.writePathChallenge(buf, START, 0x8877665544332211L);
        assertEquals("1a8877665544332211", HEX.formatHex(buf, START, end));
        assertOnly(end, "PATH_CHALLENGE 8877665544332211", true);
        assertOnly(FrameWriter.writePathResponse(buf, START, 42), "PATH_RESPONSE 2a", true);
    }

    @Test
    void connectionClosesAreNotAckEliciting() throws QuicTransportException {
        byte[] reason = "bye".getBytes(StandardCharsets.UTF_8);
        int end = FrameWriter.writeConnectionClose(buf, START, QuicTransportException.FLOW_CONTROL_ERROR,
                FrameType.STREAM, reason, 0, 3);
        assertEquals(FrameWriter.connectionCloseLength(3, 8, 3), end - START);
        assertOnly(end, "CONNECTION_CLOSE error=3 frame=8 reason=627965", false);
        end = FrameWriter.writeApplicationClose(buf, START, 1L << 33, reason, 0, 0);
        assertEquals(FrameWriter.applicationCloseLength(1L << 33, 0), end - START);
        assertOnly(end, "APPLICATION_CLOSE error=" + (1L << 33) + " reason=", false);
    }

    @Test
    void handshakeDone() throws QuicTransportException {
        assertOnly(FrameWriter.writeHandshakeDone(buf, START), "HANDSHAKE_DONE", true);
    }

    /** RFC 9221 DATAGRAM is only parsed: 0x30 runs to the end of the payload, 0x31 has a length. */
    @Test
    void datagrams() throws QuicTransportException {
        int end = hand(START, "31" + "02" + "beef" + "30" + "0102");
        assertTrue(parse(end));
        assertEquals(List.of("DATAGRAM beef", "DATAGRAM 0102"), seen.frames);
        assertOnly(hand(START, "31" + "00"), "DATAGRAM ", true);
    }

    /** A realistic packet: ACK, several STREAM frames, a PING, then PADDING to the end, all seen in order. */
    @Test
    void manyFramesInOrder() throws QuicTransportException {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        int pos = FrameWriter.writeAck(buf, START, new long[] {50, 60, 10, 40}, 2, 9, -1, -1, -1);
        pos = FrameWriter.writeStream(buf, pos, 0, 0, data, 0, 100, false, true);
        pos = FrameWriter.writeStream(buf, pos, 4, 1000, data, 100, 100, true, true);
        pos = FrameWriter.writePing(buf, pos);
        pos = FrameWriter.writeMaxData(buf, pos, 1 << 20);
        pos = FrameWriter.writeStream(buf, pos, 8, 5, data, 200, 100, false, true);
        pos = FrameWriter.writePadding(buf, pos, 40);
        assertTrue(parse(pos));
        assertEquals(List.of(
                "ACK delay=9 ranges=50-60,10-40",
                "STREAM 0 off=0 data=" + HEX.formatHex(data, 0, 100),
                "STREAM 4 off=1000 data=" + HEX.formatHex(data, 100, 200) + " fin",
                "PING",
                "MAX_DATA " + (1 << 20),
                "STREAM 8 off=5 data=" + HEX.formatHex(data, 200, 300),
                "PADDING 40"), seen.frames);
        assertTrue(parser.lastPayloadHadPadding());
    }

    /** Only ACK and PADDING together: the packet is in flight (padding) but needs no acknowledgement. */
    @Test
    void ackPlusPaddingIsNotAckEliciting() throws QuicTransportException {
        int pos = FrameWriter.writePadding(buf, START, 2);
        pos = FrameWriter.writeAck(buf, pos, new long[] {1, 2}, 1, 0, -1, -1, -1);
        pos = FrameWriter.writePadding(buf, pos, 3);
        assertFalse(parse(pos));
        assertEquals(List.of("PADDING 2", "ACK delay=0 ranges=1-2", "PADDING 3"), seen.frames);
        assertTrue(parser.lastPayloadHadPadding());
    }

    /** Beyond the parser's bound the lowest ACK ranges are dropped; the kept ones stay exact. */
    @Test
    void excessAckRangesAreDroppedFromTheBottom() throws QuicTransportException {
        FrameParser small = new FrameParser(2);
        long[] ranges = {40, 50, 30, 35, 20, 25, 0, 10};
        int end = FrameWriter.writeAck(buf, START, ranges, 4, 3, -1, -1, -1);
        RecordingVisitor visitor = new RecordingVisitor().payload(START, end);
        assertFalse(small.parse(buf, START, end, visitor));
        assertEquals(List.of("ACK delay=3 ranges=40-50,30-35"), visitor.frames);
    }

    /** The parser is reused across payloads without state leaking from one to the next. */
    @Test
    void parserIsReusable() throws QuicTransportException {
        assertFalse(parse(FrameWriter.writePadding(buf, START, 5)));
        assertTrue(parser.lastPayloadHadPadding());
        assertTrue(parse(FrameWriter.writePing(buf, START)));
        assertFalse(parser.lastPayloadHadPadding());
    }

    @Test
    void writerRejectsImpossibleValues() {
        byte[] cid = new byte[21];
        byte[] token = new byte[16];
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeNewConnectionId(buf, 0, 1, 0, cid, 0, 21, token, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeNewConnectionId(buf, 0, 1, 2, cid, 0, 4, token, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeMaxStreams(buf, 0, true, (1L << 60) + 1));
        assertThrows(IllegalArgumentException.class,
                () -> FrameWriter.writeAck(buf, 0, new long[] {5, 9, 4, 4}, 2, 0, -1, -1, -1),
                "ranges that touch have no gap to encode");
    }

    private int hand(int pos, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        return pos + bytes.length;
    }

    @Test
    void handBuiltBytesMatchTheWriter() {
        byte[] data = {(byte) 0xab, (byte) 0xcd};
        int end = FrameWriter.writeStream(buf, 0, 5, 256, data, 0, 2, true, true);
        byte[] expected = HEX.parseHex("0f" + "05" + "4100" + "02" + "abcd");
        byte[] written = new byte[end];
        System.arraycopy(buf, 0, written, 0, end);
        assertArrayEquals(expected, written);
    }
}
