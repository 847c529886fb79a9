package io.objsync.store;

import java.io.IOException;

/** A store operation failed: the base of the store's typed errors. The store stays usable unless closed. */
public class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public StoreException(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
