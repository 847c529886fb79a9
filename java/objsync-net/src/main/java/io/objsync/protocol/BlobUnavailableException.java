package io.objsync.protocol;

/**
 * The provider ended its response before a blob the request asked for: it does not hold it complete,
 * or it gave up.
 */
public final class BlobUnavailableException extends BlobProtocolException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what and where. */
    public BlobUnavailableException(String message) {
        super(message);
    }
}
