package io.objsync.crypto;

import io.objsync.internal.Limits;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;

/** Argument checks and buffer preparation shared by the crypto engines. */
final class Args {

    private Args() {
    }

    /** A copy of {@code bytes}, which must be exactly {@code length} long. */
    static byte[] exact(byte[] bytes, int length, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes.clone();
    }

    /** {@code length} bytes drawn from {@code random}, which must not be null. */
    static byte[] random(SecureRandom random, int length) {
        Objects.requireNonNull(random, "random");
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Checks that {@code [off, off+len)} lies inside {@code array}. */
    static void range(byte[] array, int off, int len, String what) {
        Objects.requireNonNull(array, what);
        Objects.checkFromIndexSize(off, len, array.length);
    }

    /**
     * {@code b}'s remaining bytes in a form a backend may be handed: a heap span larger than
     * {@link Limits#MAX_CRITICAL_BYTES} is copied to direct memory, because native backends pin heap arrays for
     * the whole call (holding off the garbage collector) and these one-shot operations cannot be split.
     */
    static ByteBuffer bounded(ByteBuffer b) {
        if (b.isDirect() || b.remaining() <= Limits.MAX_CRITICAL_BYTES) {
            return b;
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(b.remaining());
        copy.put(b.duplicate()).flip();
        return copy;
    }
}
