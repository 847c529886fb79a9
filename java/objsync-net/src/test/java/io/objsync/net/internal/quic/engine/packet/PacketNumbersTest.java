package io.objsync.net.internal.quic.engine.packet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Packet number encoding and decoding, with RFC 9000's worked examples. */
class PacketNumbersTest {

    @Test
    void encodedLengthMatchesRfc9000A2Examples() {
        // RFC 9000 A.2 (and 17.1): 0xac5c02 needs 16 bits after 0xabe8b3 is acknowledged, 0xace8fe needs 24.
        assertEquals(2, PacketNumbers.encodedLength(0xac5c02L, 0xabe8b3L));
        assertEquals(3, PacketNumbers.encodedLength(0xace8feL, 0xabe8b3L));
    }

    @Test
    void encodedLengthFollowsTheLogarithmAtPowersOfTwo() {
        // ceil((log2(n) + 1) / 8): n = 128 needs exactly 8 bits; n = 129 needs 9.
        assertEquals(1, PacketNumbers.encodedLength(127, -1));
        assertEquals(2, PacketNumbers.encodedLength(128, -1));
        assertEquals(1, PacketNumbers.encodedLength(1000 + 128, 1000));
        assertEquals(2, PacketNumbers.encodedLength(1000 + 129, 1000));
        assertEquals(2, PacketNumbers.encodedLength(1000 + (1 << 15), 1000));
        assertEquals(3, PacketNumbers.encodedLength(1000 + (1 << 15) + 1, 1000));
        assertEquals(4, PacketNumbers.encodedLength(1L << 31, 0));
        assertEquals(1, PacketNumbers.encodedLength(0, -1));
        assertEquals(1, PacketNumbers.encodedLength(PacketNumbers.MAX, PacketNumbers.MAX - 1));
    }

    @Test
    void encodedLengthRefusesWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength((1L << 31) + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(5, 5));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(PacketNumbers.MAX + 1, 0));
    }

    @Test
    void decodeMatchesRfc9000A3Example() {
        assertEquals(0xa82f9b32L, PacketNumbers.decode(0xa82f30eaL, 0x9b32, 16));
    }

    @Test
    void decodePicksTheCandidateClosestToTheNextExpected() {
        assertEquals(0, PacketNumbers.decode(-1, 0, 8));
        assertEquals(255, PacketNumbers.decode(-1, 0xff, 8));
        assertEquals(0x100, PacketNumbers.decode(0xff, 0x00, 8)); // wraps forward
        assertEquals(0x1ff, PacketNumbers.decode(0x201, 0xff, 8)); // a late packet just below the window
        assertEquals(0x17f, PacketNumbers.decode(0x100, 0x7f, 8));
        assertEquals(0x180, PacketNumbers.decode(0x100, 0x80, 8)); // 0x7f above 0x101 beats 0x81 below
        assertEquals(0x82, PacketNumbers.decode(0x100, 0x82, 8)); // 0x7f below beats 0x81 above
        // Near 2^62 the window must not carry the number out of range.
        long max = PacketNumbers.MAX;
        assertEquals(max, PacketNumbers.decode(max - 1, max & 0xffffffffL, 32));
        assertEquals((1L << 62) - 256 + 0x10, PacketNumbers.decode(max - 1, 0x10, 8));
    }

    @Test
    void truncatedNumbersRoundTripThroughTheBuffer() {
        byte[] buf = new byte[6];
        PacketNumbers.write(buf, 1, 0x1234567890L, 4);
        assertArrayEquals(new byte[] {0, 0x34, 0x56, 0x78, (byte) 0x90, 0}, buf);
        assertEquals(0x34567890L, PacketNumbers.read(buf, 1, 4));
        for (int length = 1; length <= 4; length++) {
            long pn = 0xabcdef0123L + length;
            PacketNumbers.write(buf, 0, pn, length);
            long truncated = PacketNumbers.read(buf, 0, length);
            assertEquals(pn, PacketNumbers.decode(pn - 1, truncated, 8 * length));
        }
    }
}
