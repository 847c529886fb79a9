package io.objsync.internal.java;

import java.nio.ByteBuffer;

/** XChaCha20-Poly1305 (IETF): HChaCha20 in Java over the JDK's ChaCha20-Poly1305 cipher. */
final class JavaXChaCha20Poly1305 {
    private JavaXChaCha20Poly1305() {
    }

    static void seal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut) {
        throw new UnsupportedOperationException("TODO");
    }

    static boolean open(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out) {
        throw new UnsupportedOperationException("TODO");
    }
}
