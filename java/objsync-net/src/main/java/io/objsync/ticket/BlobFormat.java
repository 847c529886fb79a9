package io.objsync.ticket;

/** How a blob ticket's hash is to be fetched (iroh-blobs' {@code BlobFormat}; the ordinal is the wire tag). */
public enum BlobFormat {
    /** A single blob. */
    RAW,
    /** A hash sequence: the blob is a list of hashes and every listed blob is fetched too (a collection). */
    HASH_SEQ
}
