package io.objsync.crypto;

import java.security.SecureRandom;

/**
 * A 256-bit XChaCha20-Poly1305 key. Immutable; {@link #toString()} never shows the key bytes.
 *
 * <pre>{@code
 * XChaCha20Poly1305Key key = XChaCha20Poly1305Key.generate();
 * Aead aead = XChaCha20Poly1305.create(key);
 * }</pre>
 */
public final class XChaCha20Poly1305Key {

    /** Bytes in a key. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private XChaCha20Poly1305Key(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A new key from a fresh {@link SecureRandom}. */
    public static XChaCha20Poly1305Key generate() {
        return generate(new SecureRandom());
    }

    /** A new key drawn from {@code random}. */
    public static XChaCha20Poly1305Key generate(SecureRandom random) {
        return new XChaCha20Poly1305Key(Args.random(random, LENGTH));
    }

    /**
     * The key with these 32 bytes (copied).
     *
     * @throws IllegalArgumentException when {@code bytes} is not 32 bytes
     */
    public static XChaCha20Poly1305Key fromBytes(byte[] bytes) {
        return new XChaCha20Poly1305Key(Args.exact(bytes, LENGTH, "key"));
    }

    /** A copy of the key bytes: secret. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] bytesRef() {
        return bytes;
    }

    /** A fixed text; the key bytes never appear. */
    @Override
    public String toString() {
        return "XChaCha20Poly1305Key[<redacted>]";
    }
}
