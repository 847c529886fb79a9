package io.objsync.store;

/** How a pinned blob is to be read: raw bytes, or a hash sequence whose listed blobs are pinned too. */
public enum BlobFormat {
    /** Just the blob. */
    RAW,
    /** A hash sequence (32-byte hashes, as collections use): the blob and every blob it lists. */
    HASH_SEQ
}
