package io.objsync.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class Base32Test {

    private static final String[][] RFC4648 = {
            {"", ""}, {"f", "my"}, {"fo", "mzxq"}, {"foo", "mzxw6"}, {"foob", "mzxw6yq"}, {"fooba", "mzxw6ytb"},
            {"foobar", "mzxw6ytboi"}};

    @Test
    void rfc4648VectorsLowercaseWithoutPadding() {
        for (String[] v : RFC4648) {
            byte[] raw = v[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(v[1], Base32.encode(raw));
            assertArrayEquals(raw, Base32.decode(v[1]));
            assertArrayEquals(raw, Base32.decode(v[1].toUpperCase()));
        }
    }

    @Test
    void rejectsWhatNoBytesEncodeTo() {
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("my======"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("m"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mzx"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mzxw6y"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("m1"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("m\u00e9"));
        // "mz" would decode to 'f' but leaves non-zero trailing bits: not canonical.
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mz"));
    }

    @Test
    void base32hexMatchesRfc4648Vectors() {
        // RFC 4648 section 10, BASE32-HEX, lowercased and without padding
        String[][] vectors = {{"", ""}, {"f", "co"}, {"fo", "cpng"}, {"foo", "cpnmu"}, {"foob", "cpnmuog"},
                {"fooba", "cpnmuoj1"}, {"foobar", "cpnmuoj1e8"}};
        for (String[] v : vectors) {
            org.junit.jupiter.api.Assertions.assertEquals(v[1],
                    Base32.encodeHex(v[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII)), v[0]);
        }
    }
}
