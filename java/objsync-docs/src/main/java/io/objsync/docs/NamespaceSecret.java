package io.objsync.docs;

/** A namespace's secret key: the write capability of a document. Its public key is the {@link NamespaceId}. */
public final class NamespaceSecret extends SigningSecret {
    private final NamespaceId id;

    private NamespaceSecret(byte[] seed) {
        super(seed);
        this.id = NamespaceId.of(publicKey());
    }

    /** A fresh random namespace. */
    public static NamespaceSecret generate() {
        return new NamespaceSecret(randomSeed());
    }

    /** The namespace with this 32-byte seed. */
    public static NamespaceSecret fromBytes(byte[] seed) {
        return new NamespaceSecret(seed);
    }

    /** The namespace's id (its public key). */
    public NamespaceId id() {
        return id;
    }
}
