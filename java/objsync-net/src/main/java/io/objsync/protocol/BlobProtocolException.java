package io.objsync.protocol;

import java.io.IOException;

/**
 * A peer broke the blob protocol: a malformed or oversized request, or a response that does not fit
 * the request.
 */
public class BlobProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what and where. */
    public BlobProtocolException(String message) {
        super(message);
    }

    /** With a message and the underlying failure (may be null). */
    public BlobProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
