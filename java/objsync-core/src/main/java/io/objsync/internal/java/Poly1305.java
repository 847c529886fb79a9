package io.objsync.internal.java;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Poly1305 (RFC 8439, section 2.5) as a one-shot function, for constructions the JDK's ChaCha20-Poly1305 cipher
 * does not cover (NaCl's secretbox MACs the bare ciphertext). Five 26-bit limbs in {@code long}s, no branches or
 * table lookups on secret data.
 */
public final class Poly1305 {

    /** Length of the one-time key. */
    public static final int KEY_LENGTH = 32;
    /** Length of the tag. */
    public static final int TAG_LENGTH = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M26 = 0x3ffffff;

    private Poly1305() {
    }

    /** The tag of {@code msg[off, off + len)} under the one-time {@code key} (32 bytes: r, then s). */
    public static byte[] tag(byte[] key, byte[] msg, int off, int len) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Poly1305 needs a 32-byte key, got " + key.length);
        }
        java.util.Objects.checkFromIndexSize(off, len, msg.length);
        long t0 = u32(key, 0);
        long t1 = u32(key, 4);
        long t2 = u32(key, 8);
        long t3 = u32(key, 12);
        long[] r = {
            t0 & 0x3ffffff,
            ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03,
            ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff,
            ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff,
            (t3 >>> 8) & 0x00fffff,
        };
        long[] h = new long[5];
        long[] d = new long[5];
        byte[] block = new byte[17];
        for (int at = 0; at < len; at += 16) {
            int n = Math.min(16, len - at);
            java.util.Arrays.fill(block, (byte) 0);
            System.arraycopy(msg, off + at, block, 0, n);
            block[n] = 1; // the 2^(8n) bit: above a full block it is the hibit
            addLimbs(h, block);
            // h * r mod 2^130 - 5: a limb product that wraps past 2^130 comes back times 5
            for (int i = 0; i < 5; i++) {
                long sum = 0;
                for (int j = 0; j < 5; j++) {
                    sum += h[j] * (j <= i ? r[i - j] : 5 * r[i - j + 5]);
                }
                d[i] = sum;
            }
            System.arraycopy(d, 0, h, 0, 5);
            carry(h);
        }
        carry(h);
        // h - p if h >= p (p = 2^130 - 5), chosen by mask.
        long[] g = h.clone();
        g[0] += 5;
        for (int i = 0; i < 4; i++) {
            g[i + 1] += g[i] >>> 26;
            g[i] &= M26;
        }
        g[4] -= 1L << 26;
        long useG = ~(g[4] >> 63); // all ones when g >= 0, that is h >= p
        for (int i = 0; i < 5; i++) {
            h[i] = (h[i] & ~useG) | (g[i] & useG & M26);
        }

        // h mod 2^128 in four 32-bit words, plus s.
        long[] w = {
            (h[0] | (h[1] << 26)) & 0xffffffffL,
            ((h[1] >>> 6) | (h[2] << 20)) & 0xffffffffL,
            ((h[2] >>> 12) | (h[3] << 14)) & 0xffffffffL,
            ((h[3] >>> 18) | (h[4] << 8)) & 0xffffffffL,
        };
        byte[] tag = new byte[TAG_LENGTH];
        long f = 0;
        for (int i = 0; i < 4; i++) {
            f = w[i] + u32(key, 16 + 4 * i) + (f >>> 32);
            LE_INT.set(tag, 4 * i, (int) f);
        }
        return tag;
    }

    /** Adds a 17-byte little-endian block to the five 26-bit limbs of {@code h}. */
    private static void addLimbs(long[] h, byte[] block) {
        long m0 = u32(block, 0);
        long m1 = u32(block, 4);
        long m2 = u32(block, 8);
        long m3 = u32(block, 12);
        long m4 = block[16] & 0xff;
        h[0] += m0 & M26;
        h[1] += ((m0 >>> 26) | (m1 << 6)) & M26;
        h[2] += ((m1 >>> 20) | (m2 << 12)) & M26;
        h[3] += ((m2 >>> 14) | (m3 << 18)) & M26;
        h[4] += (m3 >>> 8) | (m4 << 24);
    }

    /** Carries every limb into the next; the carry out of the top wraps to the bottom times 5. */
    private static void carry(long[] h) {
        for (int i = 0; i < 4; i++) {
            h[i + 1] += h[i] >>> 26;
            h[i] &= M26;
        }
        long c = h[4] >>> 26;
        h[4] &= M26;
        h[0] += c * 5;
        h[1] += h[0] >>> 26;
        h[0] &= M26;
    }

    private static long u32(byte[] b, int at) {
        return ((int) LE_INT.get(b, at)) & 0xffffffffL;
    }
}
