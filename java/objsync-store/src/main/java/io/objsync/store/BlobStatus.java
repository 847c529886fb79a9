package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;

import java.util.Objects;

/**
 * What the store holds of one blob: all of it, or the chunk ranges verified so far. Immutable.
 *
 * <p>For a partial blob the size is what the sender claimed until {@link #isSizeVerified()} (the last chunk
 * has verified); verified ranges are whole chunk groups (16 KiB), the unit the store records.
 */
public final class BlobStatus {

    private final Hash hash;
    private final long size;
    private final boolean complete;
    private final boolean sizeVerified;
    private final ChunkRanges verified;

    /** For the store's use; callers get statuses from {@link BlobStore#status}. */
    public BlobStatus(Hash hash, long size, boolean complete, boolean sizeVerified, ChunkRanges verified) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.size = size;
        this.complete = complete;
        this.sizeVerified = sizeVerified;
        this.verified = Objects.requireNonNull(verified, "verified");
    }

    /** The blob's hash. */
    public Hash hash() {
        return hash;
    }

    /** The blob's size (claimed by the sender while a partial blob's size is not verified). */
    public long size() {
        return size;
    }

    /** Whether every byte is stored and verified. */
    public boolean isComplete() {
        return complete;
    }

    /** Whether the size is proven (always for a complete blob). */
    public boolean isSizeVerified() {
        return sizeVerified;
    }

    /** The verified chunks: {@code [0, chunks)} for a complete blob. */
    public ChunkRanges verified() {
        return verified;
    }

    /** The chunks still to fetch: empty for a complete blob. */
    public ChunkRanges missing() {
        long chunks = size == 0 ? 1 : (size - 1) / ChunkRanges.CHUNK_LEN + 1;
        return complete ? ChunkRanges.empty() : ChunkRanges.of(0, chunks).difference(verified);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BlobStatus)) {
            return false;
        }
        BlobStatus s = (BlobStatus) o;
        return hash.equals(s.hash) && size == s.size && complete == s.complete && sizeVerified == s.sizeVerified
                && verified.equals(s.verified);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "BlobStatus[" + hash.toHex() + ", " + size + " bytes, "
                + (complete ? "complete" : "partial " + verified + (sizeVerified ? "" : ", size unverified")) + "]";
    }
}
