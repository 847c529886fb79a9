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
        long r0 = t0 & 0x3ffffff;
        long r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        long r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        long r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        long r4 = (t3 >>> 8) & 0x00fffff;
        long s1 = r1 * 5;
        long s2 = r2 * 5;
        long s3 = r3 * 5;
        long s4 = r4 * 5;
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        long h3 = 0;
        long h4 = 0;
        byte[] block = new byte[17];
        for (int at = 0; at < len; at += 16) {
            int n = Math.min(16, len - at);
            java.util.Arrays.fill(block, (byte) 0);
            System.arraycopy(msg, off + at, block, 0, n);
            block[n] = 1; // the 2^(8n) bit: above a full block it is the hibit
            long m0 = u32(block, 0);
            long m1 = u32(block, 4);
            long m2 = u32(block, 8);
            long m3 = u32(block, 12);
            long m4 = block[16] & 0xff;
            h0 += m0 & M26;
            h1 += ((m0 >>> 26) | (m1 << 6)) & M26;
            h2 += ((m1 >>> 20) | (m2 << 12)) & M26;
            h3 += ((m2 >>> 14) | (m3 << 18)) & M26;
            h4 += (m3 >>> 8) | (m4 << 24);

            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
            long c = d0 >>> 26;
            h0 = d0 & M26;
            d1 += c;
            c = d1 >>> 26;
            h1 = d1 & M26;
            d2 += c;
            c = d2 >>> 26;
            h2 = d2 & M26;
            d3 += c;
            c = d3 >>> 26;
            h3 = d3 & M26;
            d4 += c;
            c = d4 >>> 26;
            h4 = d4 & M26;
            h0 += c * 5;
            c = h0 >>> 26;
            h0 &= M26;
            h1 += c;
        }
        // Full carry, then h - p if h >= p (p = 2^130 - 5), chosen by mask.
        long c = h1 >>> 26;
        h1 &= M26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= M26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= M26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= M26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= M26;
        h1 += c;

        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= M26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= M26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= M26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= M26;
        long g4 = h4 + c - (1L << 26);
        long useG = ~(g4 >> 63); // all ones when g4 >= 0, that is h >= p
        h0 = (h0 & ~useG) | (g0 & useG);
        h1 = (h1 & ~useG) | (g1 & useG);
        h2 = (h2 & ~useG) | (g2 & useG);
        h3 = (h3 & ~useG) | (g3 & useG);
        h4 = (h4 & ~useG) | (g4 & useG & M26);

        // h mod 2^128 in four 32-bit words, plus s.
        long w0 = (h0 | (h1 << 26)) & 0xffffffffL;
        long w1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
        long w2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
        long w3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
        byte[] tag = new byte[TAG_LENGTH];
        long f = w0 + u32(key, 16);
        LE_INT.set(tag, 0, (int) f);
        f = w1 + u32(key, 20) + (f >>> 32);
        LE_INT.set(tag, 4, (int) f);
        f = w2 + u32(key, 24) + (f >>> 32);
        LE_INT.set(tag, 8, (int) f);
        f = w3 + u32(key, 28) + (f >>> 32);
        LE_INT.set(tag, 12, (int) f);
        return tag;
    }

    private static long u32(byte[] b, int at) {
        return ((int) LE_INT.get(b, at)) & 0xffffffffL;
    }
}
