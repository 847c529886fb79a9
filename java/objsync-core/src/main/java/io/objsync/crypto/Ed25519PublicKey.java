package io.objsync.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 public key: 32 bytes, immutable, with value equality.
 *
 * <p>Verification follows libsodium exactly, on every backend: a signature is valid only when its S is below
 * the group order, its R and the key are canonical encodings of points that are not of small order, and
 * [S]B = R + [H(R || A || M)]A holds without the cofactor (the recomputed R must equal the signature's R byte for
 * byte). Every node therefore agrees on which signatures are valid.
 *
 * <p>Any 32 bytes are accepted by {@link #fromBytes(byte[])}; a key that is not a valid point (or has small
 * order) simply verifies nothing.
 */
public final class Ed25519PublicKey {

    /** Bytes in a public key. */
    public static final int LENGTH = Ed25519Engine.PUBLIC_KEY_LENGTH;
    /** Bytes in a signature. */
    public static final int SIGNATURE_LENGTH = Ed25519Engine.SIGNATURE_LENGTH;

    private final byte[] bytes;

    Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The key with these 32 bytes (copied).
     *
     * @throws IllegalArgumentException when {@code bytes} is not 32 bytes
     */
    public static Ed25519PublicKey fromBytes(byte[] bytes) {
        return new Ed25519PublicKey(Args.exact(bytes, LENGTH, "public key"));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] bytesRef() {
        return bytes;
    }

    /** Lowercase hex of the 32 bytes. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} under this key.
     *
     * @throws IllegalArgumentException when {@code signature} is not 64 bytes
     */
    public boolean verify(byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        return Ed25519Engine.active().verify(this, message, 0, message.length, signature);
    }

    /** Whether {@code signature} is a valid signature of {@code message[off, off+len)}. */
    public boolean verify(byte[] message, int off, int len, byte[] signature) {
        return Ed25519Engine.active().verify(this, message, off, len, signature);
    }

    /** Whether {@code signature} is a valid signature of {@code message}'s remaining bytes, which it consumes. */
    public boolean verify(ByteBuffer message, byte[] signature) {
        return Ed25519Engine.active().verify(this, message, signature);
    }

    /** Equal when the bytes are equal (compared in constant time). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey && MessageDigest.isEqual(bytes, ((Ed25519PublicKey) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code Ed25519PublicKey[<hex>]}. */
    @Override
    public String toString() {
        return "Ed25519PublicKey[" + toHex() + "]";
    }
}
