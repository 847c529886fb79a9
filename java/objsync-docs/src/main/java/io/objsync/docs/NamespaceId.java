package io.objsync.docs;

/** A namespace's public key: the id of a document, and what read-only replicas are opened by. */
public final class NamespaceId extends Key32 {
    private NamespaceId(byte[] bytes) {
        super(bytes);
    }

    /** The id with these 32 bytes (copied). */
    public static NamespaceId of(byte[] bytes) {
        return new NamespaceId(bytes);
    }

    /** Parses 64 hex digits. */
    public static NamespaceId fromHex(String hex) {
        return new NamespaceId(parseHex(hex));
    }
}
