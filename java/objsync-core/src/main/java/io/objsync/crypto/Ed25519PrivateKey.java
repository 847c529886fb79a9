package io.objsync.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 signing key (RFC 8032): a 32-byte seed and the public key derived from it. Immutable and
 * thread-safe. Signatures are deterministic: the same key and message always give the same 64 bytes, on every
 * backend.
 *
 * <p>{@link #toString()} never shows the seed. Keep {@link #seed()} output secret and overwrite it when done.
 *
 * <pre>{@code
 * Ed25519PrivateKey key = Ed25519PrivateKey.generate();
 * byte[] sig = key.sign(message);
 * boolean ok = key.publicKey().verify(message, sig);
 * }</pre>
 */
public final class Ed25519PrivateKey {

    /** Bytes in a seed. */
    public static final int SEED_LENGTH = Ed25519Engine.SEED_LENGTH;

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    Ed25519PrivateKey(byte[] seed, Ed25519PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    /** A new key from a fresh {@link SecureRandom}. */
    public static Ed25519PrivateKey generate() {
        return generate(new SecureRandom());
    }

    /** A new key whose seed is drawn from {@code random}. */
    public static Ed25519PrivateKey generate(SecureRandom random) {
        byte[] seed = Args.random(random, SEED_LENGTH);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The key of a 32-byte seed (copied).
     *
     * @throws IllegalArgumentException when {@code seed} is not 32 bytes
     */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        return Ed25519Engine.active().fromSeed(seed);
    }

    /** The matching public key. */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the 32-byte seed: secret. */
    public byte[] seed() {
        return seed.clone();
    }

    byte[] seedRef() {
        return seed;
    }

    /** The 64-byte signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return Ed25519Engine.active().sign(this, message, 0, message.length);
    }

    /** The 64-byte signature of {@code message[off, off+len)}. */
    public byte[] sign(byte[] message, int off, int len) {
        return Ed25519Engine.active().sign(this, message, off, len);
    }

    /** The 64-byte signature of {@code message}'s remaining bytes (heap or direct), which it consumes. */
    public byte[] sign(ByteBuffer message) {
        return Ed25519Engine.active().sign(this, message);
    }

    /** Names the public key only; the seed never appears. */
    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + publicKey.toHex() + ", seed=<redacted>]";
    }
}
