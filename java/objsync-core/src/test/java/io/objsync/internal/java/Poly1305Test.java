package io.objsync.internal.java;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Poly1305 against RFC 8439's vector, and against the textbook definition computed with BigInteger. */
class Poly1305Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);

        assertArrayEquals(HEX.parseHex("a8061dc1305136c6c22b8baf0c0127a9"), Poly1305.tag(key, msg, 0, msg.length));
    }

    /** Every length from 0 to 100 (partial and full last blocks), random keys, and keys that push h past p. */
    @Test
    void agreesWithTheDefinitionAtEveryLength() {
        Random random = new Random(8439);
        for (int len = 0; len <= 100; len++) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] key = new byte[32];
                byte[] msg = new byte[len + 3];
                random.nextBytes(key);
                random.nextBytes(msg);
                if (trial == 0) {
                    java.util.Arrays.fill(msg, (byte) 0xff); // the largest blocks
                }
                assertArrayEquals(definition(key, msg, 3, len), Poly1305.tag(key, msg, 3, len), "length " + len);
            }
        }
    }

    private static byte[] definition(byte[] key, byte[] msg, int off, int len) {
        BigInteger p = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
        byte[] rBytes = java.util.Arrays.copyOf(key, 16);
        for (int i : new int[] {3, 7, 11, 15}) {
            rBytes[i] &= 15;
        }
        for (int i : new int[] {4, 8, 12}) {
            rBytes[i] &= (byte) 252;
        }
        BigInteger r = le(rBytes);
        BigInteger s = le(java.util.Arrays.copyOfRange(key, 16, 32));
        BigInteger acc = BigInteger.ZERO;
        for (int at = 0; at < len; at += 16) {
            int n = Math.min(16, len - at);
            byte[] block = java.util.Arrays.copyOfRange(msg, off + at, off + at + n);
            BigInteger b = le(block).add(BigInteger.ONE.shiftLeft(8 * n));
            acc = acc.add(b).multiply(r).mod(p);
        }
        BigInteger t = acc.add(s).mod(BigInteger.ONE.shiftLeft(128));
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = t.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
