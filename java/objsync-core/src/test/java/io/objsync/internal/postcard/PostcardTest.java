package io.objsync.internal.postcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostcardTest {
    private static final HexFormat HEX = HexFormat.of();

    private static PostcardReader reader(String hex) {
        return new PostcardReader(HEX.parseHex(hex));
    }

    @Test
    void varintsMatchPostcardBytes() {
        assertEquals("00", HEX.formatHex(new PostcardWriter().varint(0).toByteArray()));
        assertEquals("7f", HEX.formatHex(new PostcardWriter().varint(127).toByteArray()));
        assertEquals("ac02", HEX.formatHex(new PostcardWriter().varint(300).toByteArray()));
        assertEquals("ffffffffffffffffff01", HEX.formatHex(new PostcardWriter().varint(-1L).toByteArray()));
        assertEquals(-1L, reader("ffffffffffffffffff01").u64());
        assertEquals(0xFFFF_FFFFL, reader("ffffffff0f").u32());
    }

    @Test
    void mixedStructureRoundTrips() {
        Random rnd = new Random(7);
        byte[] fixed = new byte[32];
        rnd.nextBytes(fixed);
        byte[] blob = new byte[1000];
        rnd.nextBytes(blob);
        byte[] enc = new PostcardWriter(1).u8(9).varint(1L << 40).bool(true).fixed(fixed).bytes(blob)
                .string("CollectionV0 ünïcode").varint(2).toByteArray();
        PostcardReader r = new PostcardReader(enc);
        assertEquals(9, r.u8());
        assertEquals(1L << 40, r.u64());
        assertTrue(r.bool());
        assertArrayEquals(fixed, r.fixed(32));
        assertArrayEquals(blob, r.bytes());
        assertEquals("CollectionV0 ünïcode", r.string());
        assertEquals(2, r.variant(3));
        assertEquals(0, r.remaining());
        r.expectEnd();
    }

    @Test
    void readsWithinAnArraySlice() {
        PostcardReader r = new PostcardReader(HEX.parseHex("ff0701ff"), 1, 2);
        assertEquals(7, r.u8());
        assertTrue(r.bool());
        assertEquals(3, r.position());
        r.expectEnd();
        assertThrows(IndexOutOfBoundsException.class, () -> new PostcardReader(new byte[4], 3, 2));
    }

    @Test
    void rejectsMalformedInput() {
        assertThrows(PostcardException.class, () -> reader("").u8());
        assertThrows(PostcardException.class, () -> reader("80").u64(), "ends inside a varint");
        assertThrows(PostcardException.class, () -> reader("ffffffffffffffffff02").u64(), "over 64 bits");
        assertThrows(PostcardException.class, () -> reader("ffffffffffffffffffff01").u64(), "11 bytes");
        assertThrows(PostcardException.class, () -> reader("ffffffff10").u32(), "over 32 bits");
        assertThrows(PostcardException.class, () -> reader("808080").u16(), "3 bytes, unterminated");
        assertThrows(PostcardException.class, () -> reader("02").bool());
        assertThrows(PostcardException.class, () -> reader("03").variant(3));
        assertThrows(PostcardException.class, () -> reader("0501020304").bytes(), "length beyond the input");
        assertThrows(PostcardException.class, () -> reader("ffffffffffffffff7f").bytes(), "forged huge length");
        assertThrows(PostcardException.class, () -> reader("02c328").string(), "invalid UTF-8");
        assertThrows(PostcardException.class, () -> reader("0102").length(2), "2 items of 2 bytes in 1 byte");
        PostcardReader trailing = reader("0100");
        trailing.u8();
        PostcardException e = assertThrows(PostcardException.class, trailing::expectEnd);
        assertTrue(e.getMessage().contains("1 trailing"), e.getMessage());
    }
}
