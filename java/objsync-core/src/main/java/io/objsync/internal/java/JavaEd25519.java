package io.objsync.internal.java;

import java.nio.ByteBuffer;

/** Ed25519 in Java with libsodium's acceptance rules. */
final class JavaEd25519 {
    private JavaEd25519() {
    }

    static void publicKey(byte[] seed, byte[] out) {
        throw new UnsupportedOperationException("TODO");
    }

    static void sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] sigOut) {
        throw new UnsupportedOperationException("TODO");
    }

    static boolean verify(byte[] publicKey, ByteBuffer msg, byte[] sig) {
        throw new UnsupportedOperationException("TODO");
    }

    static void verifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages, int[] msgOffsets,
                            byte[] results) {
        throw new UnsupportedOperationException("TODO");
    }
}
