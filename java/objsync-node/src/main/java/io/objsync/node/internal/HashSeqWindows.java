package io.objsync.node.internal;

import io.objsync.hash.Hash;
import io.objsync.store.BlobStatus;
import io.objsync.store.BlobStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A hash sequence held whole in a store, read a window of hashes at a time: a sequence of 10^6 children is 32 MB,
 * and read whole with a {@code Hash} per child about 100 MB of heap, so neither the provider serving it nor a
 * download fetching its children holds more than a window of it.
 */
public final class HashSeqWindows {
    /** Hashes read from the store at a time (32 KiB of the sequence). */
    public static final int WINDOW = 1024;

    private final BlobStore store;
    private final Hash seq;
    private final long count;

    private HashSeqWindows(BlobStore store, Hash seq, long count) {
        this.store = store;
        this.seq = seq;
        this.count = count;
    }

    /**
     * The sequence {@code seq} as {@code store} holds it; empty when the store does not hold it whole or its
     * size is no multiple of a hash.
     */
    public static Optional<HashSeqWindows> open(BlobStore store, Hash seq) throws IOException {
        Optional<BlobStatus> s = store.status(seq);
        if (s.isEmpty() || !s.get().isComplete() || s.get().size() % Hash.LENGTH != 0) {
            return Optional.empty();
        }
        return Optional.of(new HashSeqWindows(store, seq, s.get().size() / Hash.LENGTH));
    }

    /** How many hashes the sequence lists. */
    public long count() {
        return count;
    }

    /** The hashes at {@code first ..}, at most {@link #WINDOW} of them and none past the end. */
    public List<Hash> window(long first) throws IOException {
        if (first < 0 || first > count) {
            throw new IndexOutOfBoundsException("window at " + first + " of " + count + " hashes");
        }
        int n = (int) Math.min(WINDOW, count - first);
        byte[] bytes = store.read(seq, first * Hash.LENGTH, n * Hash.LENGTH);
        List<Hash> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hashes.add(Hash.of(bytes, i * Hash.LENGTH));
        }
        return hashes;
    }
}
