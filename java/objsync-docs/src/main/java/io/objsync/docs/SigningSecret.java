package io.objsync.docs;

import io.objsync.docs.internal.Ed25519;

import java.security.SecureRandom;
import java.util.Objects;

/** An Ed25519 seed with its public key. Immutable; {@link #toString()} never shows the seed. */
abstract class SigningSecret {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] seed;
    private final byte[] publicKey;

    SigningSecret(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException("a secret is " + Ed25519.KEY_BYTES + " bytes, got " + seed.length);
        }
        this.seed = seed.clone();
        this.publicKey = Ed25519.publicKey(this.seed);
    }

    static byte[] randomSeed() {
        byte[] seed = new byte[Ed25519.KEY_BYTES];
        RANDOM.nextBytes(seed);
        return seed;
    }

    /** A copy of the 32-byte seed: the secret itself; keep it safe. */
    public byte[] toBytes() {
        return seed.clone();
    }

    byte[] publicKey() {
        return publicKey;
    }

    byte[] sign(byte[] message) {
        return Ed25519.sign(seed, publicKey, message);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(public " + java.util.HexFormat.of().formatHex(publicKey) + ")";
    }
}
