package io.objsync.docs;

import io.objsync.crypto.Ed25519PrivateKey;

/** An author's secret key: signs the entries this author writes. Its public key is the {@link AuthorId}. */
public final class AuthorSecret extends SigningSecret {
    private final AuthorId id;

    private AuthorSecret(Ed25519PrivateKey key) {
        super(key);
        this.id = AuthorId.of(publicKey());
    }

    /** A fresh random author. */
    public static AuthorSecret generate() {
        return new AuthorSecret(Ed25519PrivateKey.generate());
    }

    /** The author with this 32-byte seed. */
    public static AuthorSecret fromBytes(byte[] seed) {
        return new AuthorSecret(Ed25519PrivateKey.fromSeed(seed));
    }

    /** The author's id (its public key). */
    public AuthorId id() {
        return id;
    }
}
