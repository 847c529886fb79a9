package io.objsync.docs;

/** Base of the typed errors documents raise: every one of them is a {@code DocsException}. */
public class DocsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message and a cause (which may be null). */
    public DocsException(String message, Throwable cause) {
        super(message, cause);
    }
}
