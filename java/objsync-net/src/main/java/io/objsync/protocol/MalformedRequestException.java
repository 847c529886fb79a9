package io.objsync.protocol;

/**
 * A request that is not a valid postcard encoding of a Get or GetMany request.
 */
public final class MalformedRequestException extends BlobProtocolException {
    private static final long serialVersionUID = 1L;

    /** With a message and the underlying failure (may be null). */
    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
