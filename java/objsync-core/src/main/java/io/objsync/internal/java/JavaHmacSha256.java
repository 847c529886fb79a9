package io.objsync.internal.java;

/** HMAC-SHA256 through the JDK. */
final class JavaHmacSha256 {
    private JavaHmacSha256() {
    }

    static void mac(byte[] key, byte[] msg, int off, int len, byte[] out) {
        throw new UnsupportedOperationException("TODO");
    }
}
