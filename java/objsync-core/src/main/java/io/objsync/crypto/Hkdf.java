package io.objsync.crypto;

import io.objsync.internal.BackendRegistry;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): derives keys from input key material. {@link #derive} is extract then
 * expand; use the two steps directly to expand one pseudorandom key many times. Thread-safe; identical output
 * on every backend.
 *
 * <pre>{@code
 * byte[] key = Hkdf.derive(salt, sharedSecret, "objsync vault catalog key".getBytes(UTF_8), 32);
 * }</pre>
 *
 * <p>{@code salt} and {@code info} may be {@code null} (empty). An absent or empty salt means 32 zero bytes,
 * as the RFC says.
 */
public final class Hkdf {

    /** Bytes in the pseudorandom key of {@link #extract(byte[], byte[])}: SHA-256's output. */
    public static final int PRK_LENGTH = HkdfEngine.HASH_LENGTH;
    /** The most output bytes HKDF-SHA256 can give: 255 * 32. */
    public static final int MAX_OUTPUT_LENGTH = HkdfEngine.MAX_OUTPUT;

    private Hkdf() {
    }

    /** The 32-byte pseudorandom key {@code HMAC-SHA256(salt, inputKeyMaterial)}. */
    public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        return HkdfEngine.of(BackendRegistry.active()).extract(salt, inputKeyMaterial);
    }

    /**
     * {@code length} bytes of output keying material from a pseudorandom key and context {@code info}.
     *
     * @throws IllegalArgumentException when {@code prk} is shorter than 32 bytes or {@code length} is outside
     *                                  {@code 0..MAX_OUTPUT_LENGTH}
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        return HkdfEngine.of(BackendRegistry.active()).expand(prk, info, length);
    }

    /**
     * {@code expand(extract(salt, inputKeyMaterial), info, length)}.
     *
     * @throws IllegalArgumentException when {@code length} is outside {@code 0..MAX_OUTPUT_LENGTH}
     */
    public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        return HkdfEngine.of(BackendRegistry.active()).derive(salt, inputKeyMaterial, info, length);
    }
}
