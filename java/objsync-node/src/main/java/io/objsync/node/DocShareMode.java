package io.objsync.node;

/** What a document ticket grants. */
public enum DocShareMode {
    /** Sync and read; the joined replica refuses local writes. */
    READ,
    /** Also write: the ticket carries the namespace secret. */
    WRITE
}
