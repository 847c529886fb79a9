package io.objsync.bao;

/** The stream ended before every node the ranges ask for had arrived. */
public class BaoTruncatedException extends BaoException {

    private static final long serialVersionUID = 1L;

    /**
     * A stream that ended after {@code offset} bytes.
     *
     * @param message what was still expected
     * @param offset  number of encoded bytes consumed before the end
     */
    public BaoTruncatedException(String message, long offset) {
        super(message, offset);
    }
}
