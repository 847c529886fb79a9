package io.objsync.store.internal;

import io.objsync.store.StoreException;

/** A metadata record does not decode: the database was damaged or written by an incompatible version. */
public final class MetadataCorruptedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public MetadataCorruptedException(String message) {
        super(message);
    }
}
