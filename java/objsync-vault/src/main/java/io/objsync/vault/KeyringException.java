package io.objsync.vault;

/** The keyring cannot do what was asked: no identity yet, one already present, a bad secret file, or I/O. */
public final class KeyringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public KeyringException(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
