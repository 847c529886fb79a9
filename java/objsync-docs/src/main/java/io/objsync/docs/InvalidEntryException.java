package io.objsync.docs;

/** An entry a replica refuses to store, with the rule it breaks. */
public final class InvalidEntryException extends ReasonedException {
    private static final long serialVersionUID = 1L;

    /** Which rule an entry breaks. */
    public enum Reason {
        /** The entry belongs to another namespace. */
        NAMESPACE_MISMATCH,
        /** The namespace or the author signature does not verify. */
        BAD_SIGNATURE,
        /** The timestamp is more than 10 minutes ahead of this node's clock. */
        TOO_FAR_IN_FUTURE,
        /** Length 0 without the empty hash, or the empty hash with a length: the empty-entry rule. */
        INVALID_EMPTY_ENTRY,
        /** A local write of empty content: deletions go through {@code deletePrefix}. */
        EMPTY_CONTENT
    }

    /** An entry refused for {@code reason}. */
    public InvalidEntryException(Reason reason, String message) {
        super(reason, message, null);
    }

    /** Why. */
    public Reason reason() {
        return (Reason) reasonConstant();
    }
}
