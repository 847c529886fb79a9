package io.objsync.docs;

/** Base of the typed errors documents raise. */
public class DocsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public DocsException(String message) {
        super(message);
    }

    /** An error with a message and a cause. */
    public DocsException(String message, Throwable cause) {
        super(message, cause);
    }
}
