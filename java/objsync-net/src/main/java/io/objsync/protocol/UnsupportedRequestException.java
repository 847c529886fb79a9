package io.objsync.protocol;

/**
 * A well-formed request of a kind this provider does not serve (Observe, Push).
 */
public final class UnsupportedRequestException extends BlobProtocolException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what and where. */
    public UnsupportedRequestException(String message) {
        super(message);
    }
}
