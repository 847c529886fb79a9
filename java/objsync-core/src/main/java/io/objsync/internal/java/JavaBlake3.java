package io.objsync.internal.java;

import io.objsync.spi.Blake3Flags;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Pure-Java BLAKE3: the compression function and the tree helpers built on it (chunk and parent chaining
 * values, root extended output), plus the backend's one-shot, subtree and BAO outboard operations.
 *
 * <p>The helpers are public so that other pure-Java code (BAO encoder and decoder, multi-threaded hashing) can
 * reuse them. Keys are 32 bytes, or {@code null} for the standard IV; {@code flags} is the domain flag
 * ({@code 0}, {@link Blake3Flags#KEYED_HASH}, {@link Blake3Flags#DERIVE_KEY_CONTEXT} or
 * {@link Blake3Flags#DERIVE_KEY_MATERIAL}); the helpers add the node flags themselves. Arguments are not
 * validated: callers are internal and pass valid ones.
 */
public final class JavaBlake3 {

    /** Bytes in a chunk: the tree's leaf size. */
    public static final int CHUNK_LEN = 1024;
    /** Bytes in a block: the compression function's message size. */
    public static final int BLOCK_LEN = 64;
    /** Bytes in a chaining value and in the default hash output. */
    public static final int OUT_LEN = 32;

    static final int IV0 = 0x6A09E667;
    static final int IV1 = 0xBB67AE85;
    static final int IV2 = 0x3C6EF372;
    static final int IV3 = 0xA54FF53A;
    static final int IV4 = 0x510E527F;
    static final int IV5 = 0x9B05688C;
    static final int IV6 = 0x1F83D9AB;
    static final int IV7 = 0x5BE0CD19;

    /** Reads and writes little-endian words in byte arrays at any offset (compiles to plain loads on x86/ARM). */
    static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private JavaBlake3() {
    }

    /** The key as 8 little-endian words, or the IV when {@code key} is null. */
    public static int[] keyWords(byte[] key) {
        if (key == null) {
            return new int[] {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (int) LE_INT.get(key, 4 * i);
        }
        return words;
    }

    /** Writes 8 words little-endian into {@code out[off, off+32)}. */
    static void storeCv(int[] words, byte[] out, int off) {
        for (int i = 0; i < 8; i++) {
            LE_INT.set(out, off + 4 * i, words[i]);
        }
    }

    /**
     * The BLAKE3 compression function on the 64-byte block {@code block[off, off+64)} (bytes past
     * {@code blockLen} must already be zero). Writes the new chaining value into {@code out[0, 8)}; with
     * {@code wide} also the second half of the 64-byte output into {@code out[8, 16)} (root output), in which
     * case {@code out} must not be {@code cv}. {@code out} may be {@code cv} otherwise.
     */
    public static void compress(int[] cv, byte[] block, int off, long counter, int blockLen, int flags,
                                int[] out, boolean wide) {
        int m0 = (int) LE_INT.get(block, off);
        int m1 = (int) LE_INT.get(block, off + 4);
        int m2 = (int) LE_INT.get(block, off + 8);
        int m3 = (int) LE_INT.get(block, off + 12);
        int m4 = (int) LE_INT.get(block, off + 16);
        int m5 = (int) LE_INT.get(block, off + 20);
        int m6 = (int) LE_INT.get(block, off + 24);
        int m7 = (int) LE_INT.get(block, off + 28);
        int m8 = (int) LE_INT.get(block, off + 32);
        int m9 = (int) LE_INT.get(block, off + 36);
        int m10 = (int) LE_INT.get(block, off + 40);
        int m11 = (int) LE_INT.get(block, off + 44);
        int m12 = (int) LE_INT.get(block, off + 48);
        int m13 = (int) LE_INT.get(block, off + 52);
        int m14 = (int) LE_INT.get(block, off + 56);
        int m15 = (int) LE_INT.get(block, off + 60);
        int v0 = cv[0];
        int v1 = cv[1];
        int v2 = cv[2];
        int v3 = cv[3];
        int v4 = cv[4];
        int v5 = cv[5];
        int v6 = cv[6];
        int v7 = cv[7];
        int v8 = IV0;
        int v9 = IV1;
        int v10 = IV2;
        int v11 = IV3;
        int v12 = (int) counter;
        int v13 = (int) (counter >>> 32);
        int v14 = blockLen;
        int v15 = flags;
        // round 1
        v0 += v4 + m0; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m1; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m2; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m4; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m5; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m8; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m9; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m12; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m13; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m14; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 2
        v0 += v4 + m2; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m6; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m3; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m7; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m0; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m4; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m1; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m11; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m9; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m14; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m15; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 3
        v0 += v4 + m3; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m4; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m10; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m13; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m2; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m7; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m6; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m5; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m9; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m11; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m15; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m8; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 4
        v0 += v4 + m10; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m7; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m12; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m14; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m3; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m13; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m4; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m0; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m11; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m5; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m8; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m1; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 5
        v0 += v4 + m12; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m13; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m9; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m15; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m10; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m14; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m7; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m2; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m5; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m3; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m0; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m1; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m6; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 6
        v0 += v4 + m9; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m14; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m11; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m8; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m12; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m15; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m1; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m13; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m3; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m0; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m10; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m2; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m6; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m4; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        // round 7
        v0 += v4 + m11; v12 = Integer.rotateRight(v12 ^ v0, 16);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 12);
        v0 += v4 + m15; v12 = Integer.rotateRight(v12 ^ v0, 8);
        v8 += v12; v4 = Integer.rotateRight(v4 ^ v8, 7);
        v1 += v5 + m5; v13 = Integer.rotateRight(v13 ^ v1, 16);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 12);
        v1 += v5 + m0; v13 = Integer.rotateRight(v13 ^ v1, 8);
        v9 += v13; v5 = Integer.rotateRight(v5 ^ v9, 7);
        v2 += v6 + m1; v14 = Integer.rotateRight(v14 ^ v2, 16);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 12);
        v2 += v6 + m9; v14 = Integer.rotateRight(v14 ^ v2, 8);
        v10 += v14; v6 = Integer.rotateRight(v6 ^ v10, 7);
        v3 += v7 + m8; v15 = Integer.rotateRight(v15 ^ v3, 16);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 12);
        v3 += v7 + m6; v15 = Integer.rotateRight(v15 ^ v3, 8);
        v11 += v15; v7 = Integer.rotateRight(v7 ^ v11, 7);
        v0 += v5 + m14; v15 = Integer.rotateRight(v15 ^ v0, 16);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 12);
        v0 += v5 + m10; v15 = Integer.rotateRight(v15 ^ v0, 8);
        v10 += v15; v5 = Integer.rotateRight(v5 ^ v10, 7);
        v1 += v6 + m2; v12 = Integer.rotateRight(v12 ^ v1, 16);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 12);
        v1 += v6 + m12; v12 = Integer.rotateRight(v12 ^ v1, 8);
        v11 += v12; v6 = Integer.rotateRight(v6 ^ v11, 7);
        v2 += v7 + m3; v13 = Integer.rotateRight(v13 ^ v2, 16);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 12);
        v2 += v7 + m4; v13 = Integer.rotateRight(v13 ^ v2, 8);
        v8 += v13; v7 = Integer.rotateRight(v7 ^ v8, 7);
        v3 += v4 + m7; v14 = Integer.rotateRight(v14 ^ v3, 16);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 12);
        v3 += v4 + m13; v14 = Integer.rotateRight(v14 ^ v3, 8);
        v9 += v14; v4 = Integer.rotateRight(v4 ^ v9, 7);
        if (wide) {
            out[8] = v8 ^ cv[0];
            out[9] = v9 ^ cv[1];
            out[10] = v10 ^ cv[2];
            out[11] = v11 ^ cv[3];
            out[12] = v12 ^ cv[4];
            out[13] = v13 ^ cv[5];
            out[14] = v14 ^ cv[6];
            out[15] = v15 ^ cv[7];
        }
        out[0] = v0 ^ v8;
        out[1] = v1 ^ v9;
        out[2] = v2 ^ v10;
        out[3] = v3 ^ v11;
        out[4] = v4 ^ v12;
        out[5] = v5 ^ v13;
        out[6] = v6 ^ v14;
        out[7] = v7 ^ v15;
    }

    /**
     * Chaining value of the full 1024-byte chunk {@code in[off, off+1024)} with index {@code counter}, never the
     * root, into {@code out[0, 8)}.
     */
    static void fullChunkCv(int[] key, int flags, byte[] in, int off, long counter, int[] out) {
        System.arraycopy(key, 0, out, 0, 8);
        compress(out, in, off, counter, BLOCK_LEN, flags | Blake3Flags.CHUNK_START, out, false);
        int end = off + CHUNK_LEN - BLOCK_LEN;
        for (int p = off + BLOCK_LEN; p < end; p += BLOCK_LEN) {
            compress(out, in, p, counter, BLOCK_LEN, flags, out, false);
        }
        compress(out, in, end, counter, BLOCK_LEN, flags | Blake3Flags.CHUNK_END, out, false);
    }

    /**
     * Writes {@code len} bytes of root output, starting at output byte {@code seek}, of the node whose input
     * chaining value is {@code cv}, whose last block is {@code block[blockOff, blockOff+64)} (zero past
     * {@code blockLen}) and whose flags, domain and node flags included, are {@code flags}.
     */
    public static void rootOutput(int[] cv, byte[] block, int blockOff, int blockLen, int flags, long seek,
                                  byte[] out, int off, int len) {
        int[] words = new int[16];
        long counter = seek >>> 6;
        int skip = (int) (seek & (BLOCK_LEN - 1));
        int rootFlags = flags | Blake3Flags.ROOT;
        while (len > 0) {
            compress(cv, block, blockOff, counter++, blockLen, rootFlags, words, true);
            if (skip == 0 && len >= BLOCK_LEN) {
                for (int i = 0; i < 16; i++) {
                    LE_INT.set(out, off + 4 * i, words[i]);
                }
                off += BLOCK_LEN;
                len -= BLOCK_LEN;
            } else {
                int n = Math.min(BLOCK_LEN - skip, len);
                for (int i = 0; i < n; i++) {
                    int b = skip + i;
                    out[off + i] = (byte) (words[b >>> 2] >>> (8 * (b & 3)));
                }
                off += n;
                len -= n;
                skip = 0;
            }
        }
    }

    /**
     * The chaining value of the parent node over {@code left32} and {@code right32} into {@code out32}; with
     * {@code root} the node is the root and {@code out32} gets the 32-byte hash.
     */
    public static void parentCv(byte[] key, int flags, byte[] left32, byte[] right32, boolean root, byte[] out32) {
        byte[] block = parentBlock(left32, right32);
        int[] keyWords = keyWords(key);
        if (root) {
            rootOutput(keyWords, block, 0, BLOCK_LEN, flags | Blake3Flags.PARENT, 0, out32, 0, OUT_LEN);
        } else {
            int[] cv = new int[8];
            compress(keyWords, block, 0, 0, BLOCK_LEN, flags | Blake3Flags.PARENT, cv, false);
            storeCv(cv, out32, 0);
        }
    }

    /**
     * Root extended output of the parent node over {@code left32} and {@code right32}: {@code len} bytes from
     * output byte {@code seek} into {@code out[off, off+len)}.
     */
    public static void rootXofFromParent(byte[] key, int flags, byte[] left32, byte[] right32, long seek,
                                         byte[] out, int off, int len) {
        rootOutput(keyWords(key), parentBlock(left32, right32), 0, BLOCK_LEN, flags | Blake3Flags.PARENT, seek,
                out, off, len);
    }

    private static byte[] parentBlock(byte[] left32, byte[] right32) {
        byte[] block = new byte[BLOCK_LEN];
        System.arraycopy(left32, 0, block, 0, OUT_LEN);
        System.arraycopy(right32, 0, block, OUT_LEN, OUT_LEN);
        return block;
    }

    /**
     * Bytes in the left subtree of a node covering {@code len > 1024} bytes: the largest power-of-two number of
     * chunks that leaves at least one byte on the right.
     */
    public static long leftSubtreeLen(long len) {
        return (long) CHUNK_LEN * Long.highestOneBit((len - 1) / CHUNK_LEN);
    }

    /**
     * The chaining value of the subtree made of {@code in[off, off+len)} whose first chunk has index
     * {@code chunkCounter} (the root hash when {@code root}) into {@code out32}. For {@code len <= 1024} this is
     * the chunk chaining value of chunk {@code chunkCounter}.
     */
    public static void subtreeCv(byte[] key, int flags, byte[] in, int off, int len, long chunkCounter, boolean root,
                                 byte[] out32) {
        JavaBlake3State state = new JavaBlake3State(key, flags, chunkCounter);
        state.update(in, off, len);
        state.finalizeNode(root, out32, 0);
    }

    static void subtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut) {
        JavaBlake3State state = new JavaBlake3State(key, flags, chunkCounter);
        state.update(in);
        state.finalizeNode(root, cvOut, 0);
    }

    static void hash(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        JavaBlake3State state = new JavaBlake3State(key, flags, 0);
        state.update(in, off, len);
        state.finalizeXof(0, out, outOff, outLen);
    }

    static void hash(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        JavaBlake3State state = new JavaBlake3State(key, flags, 0);
        state.update(in);
        state.finalizeXof(0, out, outOff, outLen);
    }

    /**
     * Size in bytes of the pre-order outboard of {@code len} bytes with chunk groups of {@code 2^blockLog}
     * chunks: 64 bytes per node above group level.
     */
    public static long outboardSize(long len, int blockLog) {
        long groupBytes = (long) CHUNK_LEN << blockLog;
        long groups = Math.max(1, (len + groupBytes - 1) / groupBytes);
        return (groups - 1) * BLOCK_LEN;
    }

    /**
     * Verifies the combined pre-order BAO stream of a complete subtree of full groups (see
     * {@link io.objsync.spi.Backend#baoVerify}): node by node, each against the half of its parent's pair.
     */
    static boolean baoVerify(ByteBuffer stream, long chunkCounter, int blockLog, boolean root, byte[] expectedCv) {
        int groupBytes = CHUNK_LEN << blockLog;
        int groups = (stream.remaining() + BLOCK_LEN) / (groupBytes + BLOCK_LEN);
        // A loop over the pre-order stream with an explicit stack of the CVs still to check, not a recursion:
        // the stream is read front to back, so position and chunk counter only advance. (The recursive form,
        // inlined into itself, crashed HotSpot 17.0.15's C2 once in PhaseIdealLoop; see docs/hardening.md.)
        byte[][] expected = new byte[2 * Integer.SIZE + 1][];
        int[] subtreeGroups = new int[expected.length];
        int top = 0;
        expected[0] = expectedCv;
        subtreeGroups[0] = groups;
        int pos = stream.position();
        long chunk = chunkCounter;
        long chunksPerGroup = groupBytes / CHUNK_LEN;
        byte[] actual = new byte[OUT_LEN];
        boolean isRoot = root;
        while (top >= 0) {
            byte[] want = expected[top];
            int n = subtreeGroups[top--];
            if (n == 1) {
                subtreeCv(null, 0, stream.duplicate().limit(pos + groupBytes).position(pos), chunk, isRoot, actual);
                pos += groupBytes;
                chunk += chunksPerGroup;
            } else {
                byte[] left = new byte[OUT_LEN];
                byte[] right = new byte[OUT_LEN];
                stream.get(pos, left);
                stream.get(pos + OUT_LEN, right);
                parentCv(null, 0, left, right, isRoot, actual);
                pos += BLOCK_LEN;
                expected[++top] = right; // checked after the whole left subtree, which comes first in the stream
                subtreeGroups[top] = n / 2;
                expected[++top] = left;
                subtreeGroups[top] = n / 2;
            }
            isRoot = false;
            if (!MessageDigest.isEqual(actual, want)) {
                return false;
            }
        }
        return true;
    }

    static void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                            byte[] cvOut) {
        new OutboardWriter(in, blockLog, outboard).node(in.position(), in.remaining(), chunkCounter, root, 0,
                cvOut, 0);
    }

    /** Writes a pre-order outboard: every node above group level, then its left and right subtree. */
    private static final class OutboardWriter {
        private final ByteBuffer in;
        private final int groupBytes;
        private final ByteBuffer outboard;
        private final JavaBlake3State group = new JavaBlake3State(null, 0, 0);
        private final int[] iv = keyWords(null);
        private final int[] cv = new int[8];
        private byte[][] pairs = new byte[8][];
        private int written;

        OutboardWriter(ByteBuffer in, int blockLog, ByteBuffer outboard) {
            this.in = in;
            this.groupBytes = CHUNK_LEN << blockLog;
            this.outboard = outboard;
        }

        /** Computes the CV of {@code in[start, start+len)} into {@code cvOut[cvOff, cvOff+32)}, writing its pairs. */
        void node(int start, int len, long counter, boolean root, int depth, byte[] cvOut, int cvOff) {
            if (len <= groupBytes) {
                group.restart(counter);
                group.update(in, start, len);
                group.finalizeNode(root, cvOut, cvOff);
                return;
            }
            int leftLen = (int) leftSubtreeLen(len);
            int at = outboard.position() + written;
            written += BLOCK_LEN;
            byte[] pair = pair(depth);
            node(start, leftLen, counter, false, depth + 1, pair, 0);
            node(start + leftLen, len - leftLen, counter + leftLen / CHUNK_LEN, false, depth + 1, pair, OUT_LEN);
            outboard.put(at, pair);
            if (root) {
                rootOutput(iv, pair, 0, BLOCK_LEN, Blake3Flags.PARENT, 0, cvOut, cvOff, OUT_LEN);
            } else {
                compress(iv, pair, 0, 0, BLOCK_LEN, Blake3Flags.PARENT, cv, false);
                storeCv(cv, cvOut, cvOff);
            }
        }

        private byte[] pair(int depth) {
            if (depth >= pairs.length) {
                pairs = Arrays.copyOf(pairs, depth * 2);
            }
            if (pairs[depth] == null) {
                pairs[depth] = new byte[BLOCK_LEN];
            }
            return pairs[depth];
        }
    }
}
