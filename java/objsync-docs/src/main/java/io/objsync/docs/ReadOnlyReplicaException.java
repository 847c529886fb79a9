package io.objsync.docs;

/** A local write to a replica opened without its namespace secret. */
public final class ReadOnlyReplicaException extends DocsException {
    private static final long serialVersionUID = 1L;

    /** For the replica {@code id}. */
    public ReadOnlyReplicaException(NamespaceId id) {
        super("replica " + id.toHex().substring(0, 10) + " is read-only: it was opened without its namespace secret",
                null);
    }
}
