package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

class HashTest {

    /** BLAKE3 of the empty input. */
    private static final String EMPTY_HEX = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
    /** The same bytes in RFC 4648 base32, computed independently (Python's base64.b32encode, lowercased). */
    private static final String EMPTY_BASE32 = "v4jutopv7gq2nicajxvdnxgjjgn4wjojvxarfn6mtkj4vza7gjra";

    @Test
    void textForms() {
        Hash h = Hash.fromHex(EMPTY_HEX);
        assertEquals(EMPTY_HEX, h.toHex());
        assertEquals(EMPTY_HEX, h.toString());
        assertEquals(EMPTY_BASE32, h.toBase32());
        assertEquals(h, Hash.fromBase32(EMPTY_BASE32));
        assertEquals(h, Hash.fromBase32(EMPTY_BASE32.toUpperCase()));
        assertEquals(h, Hash.fromHex(EMPTY_HEX.toUpperCase()));
        assertEquals(h, Blake3.hash(new byte[0]));
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] raw = new byte[32];
        raw[0] = 1;
        Hash h = Hash.of(raw);
        raw[0] = 2;
        assertEquals(1, h.toBytes()[0]);
        h.toBytes()[0] = 3;
        assertEquals(1, h.toBytes()[0]);
        byte[] framed = new byte[40];
        framed[5] = 1;
        assertEquals(h, Hash.of(framed, 5));
    }

    @Test
    void orderIsUnsignedLexicographic() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        byte[] c = new byte[32];
        b[0] = 0x7f;
        c[0] = (byte) 0x80;
        List<Hash> list = new ArrayList<>(List.of(Hash.of(c), Hash.of(a), Hash.of(b)));
        Collections.sort(list);
        assertEquals(List.of(Hash.of(a), Hash.of(b), Hash.of(c)), list);
        byte[] d = new byte[32];
        d[31] = 1;
        assertTrue(Hash.of(a).compareTo(Hash.of(d)) < 0);
    }

    @Test
    void equalityAndHashCode() {
        byte[] raw = new byte[32];
        raw[7] = 7;
        assertEquals(Hash.of(raw), Hash.of(raw.clone()));
        assertEquals(Hash.of(raw).hashCode(), Hash.of(raw.clone()).hashCode());
        assertNotEquals(Hash.of(raw), Hash.of(new byte[32]));
        assertNotEquals(Hash.of(raw), (Object) raw);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(NullPointerException.class, () -> Hash.of(null));
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[33]));
        assertThrows(IndexOutOfBoundsException.class, () -> Hash.of(new byte[40], 9));
        assertThrows(IndexOutOfBoundsException.class, () -> Hash.of(new byte[40], -1));
        assertThrows(NullPointerException.class, () -> Hash.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(EMPTY_HEX.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(EMPTY_HEX.replace('a', 'g')));
        assertThrows(NullPointerException.class, () -> Hash.fromBase32(null));
        assertThrows(IllegalArgumentException.class, () -> Hash.fromBase32(EMPTY_BASE32 + "a"));
        assertThrows(IllegalArgumentException.class, () -> Hash.fromBase32(EMPTY_BASE32.replace('v', '1')));
        // Last character 'b' sets a trailing bit: not a canonical encoding.
        assertThrows(IllegalArgumentException.class,
                () -> Hash.fromBase32(EMPTY_BASE32.substring(0, 51) + "b"));
        assertArrayEquals(new byte[32], Hash.fromHex("00".repeat(32)).toBytes());
    }
}
