package io.objsync.docs;

import io.objsync.crypto.Ed25519PrivateKey;

/** A namespace's secret key: the write capability of a document. Its public key is the {@link NamespaceId}. */
public final class NamespaceSecret extends SigningSecret {
    private final NamespaceId id;

    private NamespaceSecret(Ed25519PrivateKey key) {
        super(key);
        this.id = NamespaceId.of(publicKey());
    }

    /** A fresh random namespace. */
    public static NamespaceSecret generate() {
        return new NamespaceSecret(Ed25519PrivateKey.generate());
    }

    /** The namespace with this 32-byte seed. */
    public static NamespaceSecret fromBytes(byte[] seed) {
        return new NamespaceSecret(Ed25519PrivateKey.fromSeed(seed));
    }

    /** The namespace's id (its public key). */
    public NamespaceId id() {
        return id;
    }
}
