package io.objsync.docs;

import io.objsync.crypto.Ed25519PrivateKey;

import java.util.Objects;

/** An Ed25519 signing key (namespace or author). Immutable; {@link #toString()} never shows the seed. */
abstract class SigningSecret {
    private final Ed25519PrivateKey key;

    SigningSecret(Ed25519PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A copy of the 32-byte seed: the secret itself; keep it safe. */
    public byte[] toBytes() {
        return key.seed();
    }

    byte[] publicKey() {
        return key.publicKey().toBytes();
    }

    byte[] sign(byte[] message) {
        return key.sign(message);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(public " + key.publicKey().toHex() + ")";
    }
}
