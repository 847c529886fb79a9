package io.objsync.internal.java;

/**
 * Arithmetic modulo p = 2^255 - 19 on 15 signed limbs of 17 bits each (15 * 17 = 255 bits). The radix is
 * uniform, so limb {@code k >= 15} of a product folds into limb {@code k - 15} times 19 (2^255 = 19 mod p).
 *
 * <p>Elements are {@code long[15]}. Results of {@link #mul} and {@link #sq} are carried (every limb within a few
 * bits of 2^17); sums and differences are not, which is safe because a product of limbs below 2^21 summed 15
 * times with the factor 19 stays far below 2^63. Only {@link #toBytes} reduces to the canonical value.
 * Outputs may alias inputs. Every operation runs in time independent of the values (no value-dependent
 * branches or indices). An instance holds scratch space and is not thread-safe.
 */
final class Field25519 {

    static final int LIMBS = 15;
    private static final int BITS = 17;
    private static final long MASK = (1L << BITS) - 1;

    private final long[] acc = new long[LIMBS];
    private final long[] g19 = new long[LIMBS];
    private final long[] t = new long[LIMBS];

    static long[] create() {
        return new long[LIMBS];
    }

    static long[] of(int small) {
        long[] h = new long[LIMBS];
        h[0] = small;
        return h;
    }

    static long[] copyOf(long[] f) {
        return f.clone();
    }

    static void copy(long[] h, long[] f) {
        System.arraycopy(f, 0, h, 0, LIMBS);
    }

    static void add(long[] h, long[] f, long[] g) {
        for (int i = 0; i < LIMBS; i++) {
            h[i] = f[i] + g[i];
        }
    }

    static void sub(long[] h, long[] f, long[] g) {
        for (int i = 0; i < LIMBS; i++) {
            h[i] = f[i] - g[i];
        }
    }

    static void neg(long[] h, long[] f) {
        for (int i = 0; i < LIMBS; i++) {
            h[i] = -f[i];
        }
    }

    /** {@code h = f} when {@code bit} is 1, unchanged when 0, without a branch on {@code bit}. */
    static void cmov(long[] h, long[] f, int bit) {
        long mask = -(long) bit;
        for (int i = 0; i < LIMBS; i++) {
            h[i] ^= (h[i] ^ f[i]) & mask;
        }
    }

    /** {@code h = f * g}. */
    void mul(long[] h, long[] f, long[] g) {
        for (int j = 1; j < LIMBS; j++) {
            g19[j] = 19 * g[j];
        }
        for (int k = 0; k < LIMBS; k++) {
            long s = 0;
            for (int i = 0; i <= k; i++) {
                s += f[i] * g[k - i];
            }
            for (int i = k + 1; i < LIMBS; i++) {
                s += f[i] * g19[k + LIMBS - i];
            }
            acc[k] = s;
        }
        carry(acc, h);
    }

    /** {@code h = f^2}: each cross product once, doubled. */
    void sq(long[] h, long[] f) {
        for (int j = 1; j < LIMBS; j++) {
            g19[j] = 19 * f[j];
        }
        for (int k = 0; k < LIMBS; k++) {
            long s = 0;
            // Pairs (i, k - i) with i < k - i, then the square term when k is even.
            for (int i = 0; 2 * i < k; i++) {
                s += f[i] * f[k - i];
            }
            // Wrapped pairs (i, k + 15 - i) with k < i < k + 15 - i.
            for (int i = k + 1; 2 * i < k + LIMBS; i++) {
                s += f[i] * g19[k + LIMBS - i];
            }
            s *= 2;
            if ((k & 1) == 0) {
                s += f[k >> 1] * f[k >> 1];
            } else {
                s += f[(k + LIMBS) >> 1] * g19[(k + LIMBS) >> 1];
            }
            acc[k] = s;
        }
        carry(acc, h);
    }

    /** {@code h = f^(2^n)}. */
    void sqTimes(long[] h, long[] f, int n) {
        sq(h, f);
        for (int i = 1; i < n; i++) {
            sq(h, h);
        }
    }

    /** Carries {@code a} into {@code h}: limbs in [0, 2^17) except limb 1, which may exceed it slightly. */
    private static void carry(long[] a, long[] h) {
        long c = 0;
        for (int i = 0; i < LIMBS; i++) {
            long v = a[i] + c;
            c = v >> BITS;
            h[i] = v & MASK;
        }
        long v = h[0] + 19 * c;
        h[0] = v & MASK;
        h[1] += v >> BITS;
    }

    /** One carry pass with the top carry folded back into limb 0 (not propagated further). */
    private static void carryPass(long[] h) {
        long c = 0;
        for (int i = 0; i < LIMBS; i++) {
            long v = h[i] + c;
            c = v >> BITS;
            h[i] = v & MASK;
        }
        h[0] += 19 * c;
    }

    /**
     * Steps {@code {a, b}} of the addition chain shared by invert and sqrt: from z^(2^a - 1) and z^(2^b - 1),
     * z^(2^(a+b) - 1) = (z^(2^a - 1))^(2^b) * z^(2^b - 1). They climb from 2^5 - 1 to 2^250 - 1.
     */
    private static final int[][] CHAIN = {{5, 5}, {10, 10}, {20, 20}, {40, 10}, {50, 50}, {100, 100}, {200, 50}};

    /** {@code z^(2^250 - 1)} into {@code out}, and {@code z^11} into {@code z11} (shared by invert and sqrt). */
    private void pow2250m1(long[] out, long[] z11, long[] z) {
        long[] z2 = create();
        long[] z9 = create();
        sq(z2, z);
        sqTimes(z9, z2, 2);
        mul(z9, z9, z);           // z^9
        mul(z11, z9, z2);         // z^11
        long[][] ones = new long[251][]; // ones[k] = z^(2^k - 1)
        ones[5] = create();
        sq(ones[5], z11);
        mul(ones[5], ones[5], z9); // z^(22 + 9) = z^(2^5 - 1)
        for (int[] step : CHAIN) {
            long[] r = create();
            sqTimes(r, ones[step[0]], step[1]);
            mul(r, r, ones[step[1]]);
            ones[step[0] + step[1]] = r;
        }
        copy(out, ones[250]);
    }

    /** {@code h = z^(p - 2) = 1/z} (0 for z = 0). */
    void invert(long[] h, long[] z) {
        long[] z11 = create();
        long[] t = create();
        pow2250m1(t, z11, z);
        sqTimes(t, t, 5);         // z^(2^255 - 32)
        mul(h, t, z11);           // z^(2^255 - 21)
    }

    /** {@code h = z^((p - 5) / 8) = z^(2^252 - 3)}, the exponent of the square-root computation. */
    void pow22523(long[] h, long[] z) {
        long[] z11 = create();
        long[] t = create();
        pow2250m1(t, z11, z);
        sqTimes(t, t, 2);         // z^(2^252 - 4)
        mul(h, t, z);
    }

    /** Loads 32 little-endian bytes, ignoring the top bit (as libsodium does); the value may be >= p. */
    static void fromBytes(long[] h, byte[] s, int off) {
        for (int i = 0; i < LIMBS; i++) {
            int bit = BITS * i;
            int at = bit >>> 3;
            long v = 0;
            for (int b = 0; b < 4 && at + b < 32; b++) {
                v |= (long) (s[off + at + b] & 0xFF) << (8 * b);
            }
            h[i] = (v >>> (bit & 7)) & MASK;
        }
    }

    /** The canonical 32-byte little-endian encoding of {@code f} (the value reduced below p; top bit 0). */
    void toBytes(byte[] s, int off, long[] f) {
        long[] h = t;
        copy(h, f);
        carryPass(h);
        // Adding 2p makes every limb (hence the value) non-negative without changing it mod p.
        h[0] += 2 * (MASK - 18);
        for (int i = 1; i < LIMBS; i++) {
            h[i] += 2 * MASK;
        }
        // Four passes leave every limb in [0, 2^17), so the value is below 2^255.
        for (int pass = 0; pass < 4; pass++) {
            carryPass(h);
        }
        // Subtract p when value + 19 reaches 2^255, i.e. when value >= p.
        long c = 19;
        long[] u = acc;
        for (int i = 0; i < LIMBS; i++) {
            long v = h[i] + c;
            c = v >> BITS;
            u[i] = v & MASK;
        }
        cmov(h, u, (int) c);
        for (int i = 0; i < 32; i++) {
            s[off + i] = 0;
        }
        for (int i = 0; i < LIMBS; i++) {
            int bit = BITS * i;
            int at = bit >>> 3;
            long v = h[i] << (bit & 7);
            for (int b = 0; b < 4 && at + b < 32; b++) {
                s[off + at + b] |= (byte) (v >>> (8 * b));
            }
        }
    }

    /** 1 when {@code f} is 0 mod p, else 0. */
    int isZero(long[] f) {
        byte[] s = new byte[32];
        toBytes(s, 0, f);
        int d = 0;
        for (byte b : s) {
            d |= b;
        }
        return ((d & 0xFF) - 1) >>> 31;
    }

    /** The low bit of the canonical value: RFC 8032's sign of x. */
    int isNegative(long[] f) {
        byte[] s = new byte[32];
        toBytes(s, 0, f);
        return s[0] & 1;
    }
}
