package io.objsync.internal.java;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * NaCl's secretbox over XChaCha20: a known answer computed independently (Python's cryptography 48, that is
 * OpenSSL's ChaCha20 and Poly1305, with the construction written out), round trips, and refusal of damage.
 */
class XChaCha20SecretBoxTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] NONCE = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");

    @Test
    void matchesAnIndependentComputation() {
        byte[] message = "secretbox, as NaCl and libsodium write it".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertEquals(KNOWN, HEX.formatHex(XChaCha20SecretBox.seal(KEY, NONCE, message)));
        assertArrayEquals(message, XChaCha20SecretBox.open(KEY, NONCE, HEX.parseHex(KNOWN), 0, KNOWN.length() / 2));
    }

    private static final String KNOWN = "4cf8c34b291ea8bc6bb04e988378d39c4cd267fc2d15fa8a369431f448d09217e40b89b3ff50fa84c40b5676cbbec3b5f44e7719a485597ffb";

    @Test
    void roundTripsEveryLengthAndRefusesEveryDamagedByte() {
        Random random = new Random(1);
        for (int len = 0; len < 80; len++) {
            byte[] message = new byte[len];
            random.nextBytes(message);
            byte[] box = XChaCha20SecretBox.seal(KEY, NONCE, message);
            assertEquals(len + 16, box.length);
            assertArrayEquals(message, XChaCha20SecretBox.open(KEY, NONCE, box, 0, box.length));
            for (int i = 0; i < box.length; i++) {
                byte[] bad = box.clone();
                bad[i] ^= (byte) (1 << (i % 8));
                assertNull(XChaCha20SecretBox.open(KEY, NONCE, bad, 0, bad.length), "length " + len + ", byte " + i);
            }
        }
    }

    @Test
    void anotherKeyOrNonceOrATruncatedBoxDoesNotOpen() {
        byte[] box = XChaCha20SecretBox.seal(KEY, NONCE, new byte[40]);
        byte[] otherKey = KEY.clone();
        otherKey[31] ^= 1;
        byte[] otherNonce = NONCE.clone();
        otherNonce[23] ^= 1; // the part after HChaCha20's input
        assertNull(XChaCha20SecretBox.open(otherKey, NONCE, box, 0, box.length));
        assertNull(XChaCha20SecretBox.open(KEY, otherNonce, box, 0, box.length));
        assertNull(XChaCha20SecretBox.open(KEY, NONCE, box, 0, box.length - 1));
        assertNull(XChaCha20SecretBox.open(KEY, NONCE, Arrays.copyOf(box, 15), 0, 15));
    }
}
