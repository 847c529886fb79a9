package io.objsync.store;

import io.objsync.hash.Hash;

/**
 * Stored bytes of a blob no longer match its hash (a damaged disk, a file changed behind the store's back):
 * nothing from the damaged part was returned or sent. {@link BlobStore#validate()} marks such parts missing.
 * {@link ExternalFileChangedException} is the case of a blob that lives in a user's file.
 */
public class DataCorruptedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Hash hash;
    private final long start;
    private final long end;

    /** Bytes {@code [start, end)} of blob {@code hash} failed verification. */
    public DataCorruptedException(Hash hash, long start, long end, Throwable cause) {
        this(hash, start, end, "stored data of blob " + hash.toHex() + " is damaged at bytes [" + start + ", " + end
                + ")", cause);
    }

    /** For subclasses that explain the damage themselves. */
    protected DataCorruptedException(Hash hash, long start, long end, String message, Throwable cause) {
        super(message, cause);
        this.hash = hash;
        this.start = start;
        this.end = end;
    }

    /** The damaged blob. */
    public Hash hash() {
        return hash;
    }

    /** First damaged byte. */
    public long start() {
        return start;
    }

    /** End (exclusive) of the damaged bytes. */
    public long end() {
        return end;
    }
}
