package io.objsync.docs;

/** A local write older than (or equal to) an entry of the same author under its key or a prefix of it. */
public final class NewerEntryExistsException extends DocsException {
    private static final long serialVersionUID = 1L;

    /** With a description of the write. */
    public NewerEntryExistsException(String message) {
        super(message, null);
    }
}
