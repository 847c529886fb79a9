package io.objsync.protocol;

/**
 * A request longer than {@link BlobProtocol#MAX_REQUEST_BYTES}: refused before it is buffered.
 */
public final class RequestTooLargeException extends BlobProtocolException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what and where. */
    public RequestTooLargeException(String message) {
        super(message);
    }
}
