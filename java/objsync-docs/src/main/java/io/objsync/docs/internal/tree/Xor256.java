package io.objsync.docs.internal.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** 256-bit values (fingerprints) held as four longs, so XOR-ing them costs four instructions. */
public final class Xor256 {
    /** Longs per value. */
    public static final int LONGS = 4;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Xor256() {
    }

    /** Reads 32 bytes at {@code src[off]} into {@code dst[at, at+4)}. */
    public static void load(byte[] src, int off, long[] dst, int at) {
        for (int i = 0; i < LONGS; i++) {
            dst[at + i] = (long) LONG.get(src, off + 8 * i);
        }
    }

    /** The four longs of a 32-byte value. */
    public static long[] of(byte[] bytes32) {
        long[] v = new long[LONGS];
        load(bytes32, 0, v, 0);
        return v;
    }

    /** Writes {@code src[at, at+4)} as 32 bytes at {@code dst[off]}. */
    public static void store(long[] src, int at, byte[] dst, int off) {
        for (int i = 0; i < LONGS; i++) {
            LONG.set(dst, off + 8 * i, src[at + i]);
        }
    }

    /** The 32 bytes of {@code v[at, at+4)}. */
    public static byte[] toBytes(long[] v, int at) {
        byte[] out = new byte[32];
        store(v, at, out, 0);
        return out;
    }

    /** {@code acc[0,4) ^= v[at, at+4)}. */
    public static void xorInto(long[] acc, long[] v, int at) {
        acc[0] ^= v[at];
        acc[1] ^= v[at + 1];
        acc[2] ^= v[at + 2];
        acc[3] ^= v[at + 3];
    }
}
