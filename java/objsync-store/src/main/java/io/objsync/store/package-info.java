/**
 * A content-addressed blob store: {@link io.objsync.store.BlobStore} imports, holds, verifies and serves blobs
 * by their BLAKE3 hash, keeps partial blobs while they are received (resumable across crashes), and reads and
 * writes iroh-blobs collections ({@link io.objsync.store.Collection}). Errors are
 * {@link io.objsync.store.StoreException}s: {@link io.objsync.store.StoreLockedException},
 * {@link io.objsync.store.BlobNotFoundException}, {@link io.objsync.store.RangeNotAvailableException},
 * {@link io.objsync.store.DataCorruptedException}.
 */
package io.objsync.store;
