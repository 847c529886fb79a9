package io.objsync.store;

import io.objsync.hash.Hash;

/** The store holds no blob with this hash. */
public final class BlobNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Hash hash;

    /** The blob {@code hash} is not in the store. */
    public BlobNotFoundException(Hash hash) {
        super("no blob " + hash.toHex() + " in the store");
        this.hash = hash;
    }

    /** The hash asked for. */
    public Hash hash() {
        return hash;
    }
}
