package io.objsync.store;

import io.objsync.hash.Hash;

/**
 * Keeps a blob (and, for {@link BlobFormat#HASH_SEQ}, what it lists) from garbage collection until closed or
 * the store closes. Imports return one so that the new blob cannot be collected before the caller tags it.
 * Closing twice is harmless.
 */
public final class TempPin implements AutoCloseable {

    private final Hash hash;
    private final BlobFormat format;
    private final Runnable release;
    private boolean closed;

    TempPin(Hash hash, BlobFormat format, Runnable release) {
        this.hash = hash;
        this.format = format;
        this.release = release;
    }

    /** The pinned blob. */
    public Hash hash() {
        return hash;
    }

    /** How it is pinned. */
    public BlobFormat format() {
        return format;
    }

    /** Releases the pin. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }

    @Override
    public String toString() {
        return "TempPin[" + hash.toHex() + " " + format + "]";
    }
}
