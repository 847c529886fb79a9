package io.objsync.bao;

import java.io.IOException;

/**
 * A BAO stream or encoding could not be accepted: malformed bytes (a bad varint, an impossible size header)
 * or bytes left over after the stream should have ended. The subclasses name the two failures a receiver
 * must tell apart: {@link BaoVerificationException} (data does not match its hash) and
 * {@link BaoTruncatedException} (the stream ended early).
 */
public class BaoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * An exception for a problem found at {@code offset}.
     *
     * @param message what went wrong
     * @param offset  the position the problem was found at (see {@link #offset()}), or -1 when none applies
     */
    public BaoException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * Where the problem was found, or -1 when no position applies. For verification failures this is the
     * first byte of the blob covered by the failing node; for truncation and trailing data it is the
     * number of encoded bytes consumed so far.
     */
    public long offset() {
        return offset;
    }
}
