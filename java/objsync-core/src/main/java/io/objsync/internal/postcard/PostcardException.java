package io.objsync.internal.postcard;

/**
 * Bytes that are not a valid postcard encoding of the expected type: truncated, a varint too long, a length
 * beyond the input, an unknown enum variant, a bool other than 0 or 1, invalid UTF-8, or trailing bytes.
 * Callers that parse untrusted input turn it into their own typed protocol error.
 */
public final class PostcardException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error at byte {@code offset} of the input. */
    public PostcardException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
    }
}
