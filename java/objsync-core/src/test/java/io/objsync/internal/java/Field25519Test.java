package io.objsync.internal.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The 15-limb field arithmetic against BigInteger: products, squares, inverses and the square-root exponent of
 * random and boundary values (0, 1, p - 1, every y >= p, 2^255 - 1), and canonical encoding of sums and
 * differences whose limbs are negative or over-full.
 */
class Field25519Test {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private static byte[] le(BigInteger v) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    private static long[] fe(BigInteger v) {
        long[] h = Field25519.create();
        Field25519.fromBytes(h, le(v), 0);
        return h;
    }

    private static byte[] bytes(Field25519 f, long[] h) {
        byte[] out = new byte[32];
        f.toBytes(out, 0, h);
        return out;
    }

    private static List<BigInteger> values() {
        List<BigInteger> v = new ArrayList<>();
        for (long small = 0; small < 20; small++) {
            v.add(BigInteger.valueOf(small));
            v.add(P.add(BigInteger.valueOf(small)).min(BigInteger.TWO.pow(255).subtract(BigInteger.ONE)));
            v.add(P.subtract(BigInteger.valueOf(small + 1)));
        }
        v.add(BigInteger.TWO.pow(255).subtract(BigInteger.ONE));
        v.add(BigInteger.TWO.pow(254));
        Random rnd = new Random(255);
        for (int i = 0; i < 200; i++) {
            v.add(new BigInteger(255, rnd));
        }
        return v;
    }

    @Test
    void arithmeticMatchesBigInteger() {
        Field25519 f = new Field25519();
        List<BigInteger> values = values();
        Random rnd = new Random(19);
        long[] h = Field25519.create();
        for (BigInteger a : values) {
            BigInteger b = values.get(rnd.nextInt(values.size()));
            long[] fa = fe(a);
            long[] fb = fe(b);
            String what = a.toString(16) + ", " + b.toString(16);
            assertArrayEquals(le(a.mod(P)), bytes(f, fa), what);
            f.mul(h, fa, fb);
            assertArrayEquals(le(a.multiply(b).mod(P)), bytes(f, h), what);
            f.sq(h, fa);
            assertArrayEquals(le(a.multiply(a).mod(P)), bytes(f, h), what);
            f.invert(h, fa);
            assertArrayEquals(le(a.mod(P).signum() == 0 ? BigInteger.ZERO : a.modInverse(P)), bytes(f, h), what);
            f.pow22523(h, fa);
            assertArrayEquals(le(a.modPow(P.subtract(BigInteger.valueOf(5)).shiftRight(3), P)), bytes(f, h), what);
            // Unreduced sums and differences: limbs above 2^17 or below 0.
            Field25519.sub(h, fa, fb);
            assertArrayEquals(le(a.subtract(b).mod(P)), bytes(f, h), what);
            Field25519.add(h, fa, fb);
            Field25519.add(h, h, fb);
            assertArrayEquals(le(a.add(b).add(b).mod(P)), bytes(f, h), what);
            Field25519.neg(h, fa);
            Field25519.sub(h, h, fb);
            f.mul(h, h, fa);
            assertArrayEquals(le(a.negate().subtract(b).multiply(a).mod(P)), bytes(f, h), what);
            assertEquals(a.mod(P).signum() == 0 ? 1 : 0, f.isZero(fa), what);
            assertEquals(a.mod(P).testBit(0) ? 1 : 0, f.isNegative(fa), what);
        }
    }
}
