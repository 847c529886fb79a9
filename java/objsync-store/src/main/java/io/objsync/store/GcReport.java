package io.objsync.store;

/**
 * What one garbage collection did.
 *
 * @param blobsRemoved  blobs deleted because nothing pinned them
 * @param bytesRemoved  their sizes, summed
 * @param blobsKept     blobs still in the store
 * @param strayFiles    files in the blob directory that no record named (left by a crash in an older version
 *                      or put there by hand), deleted
 */
public record GcReport(long blobsRemoved, long bytesRemoved, long blobsKept, long strayFiles) {
}
