package io.objsync.docs;

/** The replica store failed: the disk is full, the file is corrupt or unreadable, or the store is closed. */
public final class DocStoreException extends DocsException {
    private static final long serialVersionUID = 1L;

    /** With a message and the underlying cause. */
    public DocStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** With a message. */
    public DocStoreException(String message) {
        super(message, null);
    }
}
