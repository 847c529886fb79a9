package io.objsync.net.internal.quic.engine.frame;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The varint codec against RFC 9000's published examples and its size boundaries. */
class VarIntTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 9000 appendix A.1: the example encodings, each read back to its value, the last one non-minimal. */
    @Test
    void readsTheRfcExamples() {
        assertReads("c2197c5eff14e88c", 151288809941952652L);
        assertReads("9d7f3e7d", 494878333L);
        assertReads("7bbd", 15293L);
        assertReads("25", 37L);
        assertReads("4025", 37L);
    }

    /** RFC 9000 appendix A.1: writing the example values gives the same (minimal) bytes. */
    @Test
    void writesTheRfcExamples() {
        assertWrites(151288809941952652L, "c2197c5eff14e88c");
        assertWrites(494878333L, "9d7f3e7d");
        assertWrites(15293L, "7bbd");
        assertWrites(37L, "25");
    }

    @Test
    void lengthChangesAtTheRfcBoundaries() {
        assertEquals(1, VarInt.length(0));
        assertEquals(1, VarInt.length(63));
        assertEquals(2, VarInt.length(64));
        assertEquals(2, VarInt.length(16383));
        assertEquals(4, VarInt.length(16384));
        assertEquals(4, VarInt.length((1L << 30) - 1));
        assertEquals(8, VarInt.length(1L << 30));
        assertEquals(8, VarInt.length(VarInt.MAX));
    }

    @Test
    void boundaryValuesRoundTrip() {
        long[] values = {0, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, VarInt.MAX};
        byte[] buf = new byte[8];
        for (long value : values) {
            int end = VarInt.write(buf, 0, value);
            assertEquals(VarInt.length(value), end);
            assertEquals(end, VarInt.encodedLength(buf[0]));
            assertEquals(value, VarInt.read(buf, 0));
        }
    }

    @Test
    void valuesOutsideTheRangeAreCallerBugs() {
        byte[] buf = new byte[8];
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(buf, 0, VarInt.MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(buf, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> VarInt.length(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> VarInt.writeWithLength(buf, 0, 64, 1));
        assertThrows(IllegalArgumentException.class, () -> VarInt.writeWithLength(buf, 0, 1, 3));
    }

    /** A length field reserved at a fixed size still reads back, as RFC 9000 section 16 allows. */
    @Test
    void writesAFixedLengthEncoding() {
        byte[] buf = new byte[4];
        assertEquals(4, VarInt.writeWithLength(buf, 0, 37, 4));
        assertArrayEquals(HEX.parseHex("80000025"), buf);
        assertEquals(37, VarInt.read(buf, 0));
    }

    @Test
    void cursorReadsInSequenceAndReportsTruncationWithoutMoving() {
        byte[] buf = HEX.parseHex("25" + "7bbd" + "9d7f3e");
        VarIntCursor cursor = new VarIntCursor();
        cursor.reset(buf, 0, buf.length);
        assertEquals(37, cursor.readVarInt());
        assertEquals(15293, cursor.readVarInt());
        assertEquals(3, cursor.pos());
        assertEquals(-1, cursor.readVarInt(), "a 4-byte varint with 3 bytes left");
        assertEquals(3, cursor.pos());
        cursor.reset(buf, 3, 3);
        assertEquals(-1, cursor.readVarInt(), "nothing left");
        assertEquals(-1, cursor.readUnsignedByte());
    }

    private static void assertReads(String hex, long expected) {
        byte[] buf = HEX.parseHex(hex);
        assertEquals(buf.length, VarInt.encodedLength(buf[0]));
        assertEquals(expected, VarInt.read(buf, 0));
        VarIntCursor cursor = new VarIntCursor();
        cursor.reset(buf, 0, buf.length);
        assertEquals(expected, cursor.readVarInt());
        assertEquals(buf.length, cursor.pos());
    }

    private static void assertWrites(long value, String hex) {
        byte[] buf = new byte[10];
        int end = VarInt.write(buf, 1, value);
        assertEquals(HEX.formatHex(HEX.parseHex(hex)), HEX.formatHex(buf, 1, end));
    }
}
