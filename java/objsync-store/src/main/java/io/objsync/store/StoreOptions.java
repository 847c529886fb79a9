package io.objsync.store;

import io.objsync.store.internal.WriteHook;

import java.util.Objects;

/**
 * Settings of a {@link BlobStore}; the defaults suit most uses. Immutable: each setter returns a copy.
 */
public final class StoreOptions {

    private final long mapSize;
    private final long ingestSyncBytes;
    private final Durability importDurability;
    private final WriteHook writeHook;

    private StoreOptions(long mapSize, long ingestSyncBytes, Durability importDurability, WriteHook writeHook) {
        this.mapSize = mapSize;
        this.ingestSyncBytes = ingestSyncBytes;
        this.importDurability = importDurability;
        this.writeHook = writeHook;
    }

    /**
     * 64 GiB of metadata address space, a durable record of download progress every 4 MiB, imports durable
     * on return ({@link Durability#SYNC}).
     */
    public static StoreOptions defaults() {
        return new StoreOptions(64L << 30, 4L << 20, Durability.SYNC, WriteHook.NONE);
    }

    /**
     * The largest the metadata database may grow (address space reserved, not disk used). Small blobs live in
     * it, so it bounds their total.
     */
    public StoreOptions mapSize(long bytes) {
        if (bytes < (1 << 20)) {
            throw new IllegalArgumentException("map size must be at least 1 MiB, got " + bytes);
        }
        return new StoreOptions(bytes, ingestSyncBytes, importDurability, writeHook);
    }

    /**
     * While receiving, how many verified bytes may be written before they are flushed to disk and recorded as
     * verified: what a crash can lose at most. Smaller is safer and slower (each record is two fsyncs).
     */
    public StoreOptions ingestSyncBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("sync interval must be positive, got " + bytes);
        }
        return new StoreOptions(mapSize, bytes, importDurability, writeHook);
    }

    /**
     * Whether imports ({@code add}, {@code addAll}, {@code addDirectory}) flush their blob files to disk
     * before they return; see {@link Durability}. Downloads ({@code receive}) always record durable progress.
     */
    public StoreOptions importDurability(Durability durability) {
        return new StoreOptions(mapSize, ingestSyncBytes, Objects.requireNonNull(durability, "durability"),
                writeHook);
    }

    /** Fails chosen writes (tests of a full disk). */
    StoreOptions writeHook(WriteHook hook) {
        return new StoreOptions(mapSize, ingestSyncBytes, importDurability, Objects.requireNonNull(hook, "hook"));
    }

    long mapSize() {
        return mapSize;
    }

    long ingestSyncBytes() {
        return ingestSyncBytes;
    }

    Durability importDurability() {
        return importDurability;
    }

    WriteHook writeHook() {
        return writeHook;
    }
}
