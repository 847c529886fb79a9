package io.objsync.internal.java;

import java.nio.ByteBuffer;

/** Pure-Java BLAKE3: compression, one-shot hashing, subtree chaining values and BAO outboards. */
public final class JavaBlake3 {
    private JavaBlake3() {
    }

    static void hash(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        throw new UnsupportedOperationException("TODO");
    }

    static void hash(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        throw new UnsupportedOperationException("TODO");
    }

    static void subtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut) {
        throw new UnsupportedOperationException("TODO");
    }

    static void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                            byte[] cvOut) {
        throw new UnsupportedOperationException("TODO");
    }
}
