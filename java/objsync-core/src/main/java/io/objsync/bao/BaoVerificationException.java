package io.objsync.bao;

/**
 * Bytes do not match the hash tree: a parent pair or a leaf does not hash to the chaining value its parent
 * (or the root hash) says it must have. Thrown before any byte of the failing node is released, so data
 * handed out earlier stays trustworthy and nothing after the failure is handed out.
 */
public class BaoVerificationException extends BaoException {

    private static final long serialVersionUID = 1L;

    private final long endOffset;

    /**
     * A node over the blob bytes {@code [offset, endOffset)} that does not match its hash.
     *
     * @param message   what failed to verify
     * @param offset    first blob byte covered by the failing node
     * @param endOffset end (exclusive) of the blob bytes covered by the failing node
     */
    public BaoVerificationException(String message, long offset, long endOffset) {
        super(message, offset);
        this.endOffset = endOffset;
    }

    /** End (exclusive) of the blob byte range covered by the node that failed; {@link #offset()} is its start. */
    public long endOffset() {
        return endOffset;
    }
}
