package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;

/** A partial blob does not (yet) hold verified data for the chunks asked for. */
public final class RangeNotAvailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient ChunkRanges missing;

    /** @param missing the chunks asked for that are not verified in the store */
    public RangeNotAvailableException(Hash hash, ChunkRanges missing) {
        super("blob " + hash.toHex() + " lacks verified chunks " + missing);
        this.missing = missing;
    }

    /** The chunks asked for that the store does not have. */
    public ChunkRanges missing() {
        return missing;
    }
}
