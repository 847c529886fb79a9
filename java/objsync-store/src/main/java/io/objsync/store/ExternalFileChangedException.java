package io.objsync.store;

import io.objsync.hash.Hash;

import java.nio.file.Path;

/**
 * A blob imported {@linkplain BlobStore#addReference by reference} cannot be read: the user's file it refers
 * to was changed, truncated or deleted since the import. Nothing from it was returned or sent;
 * {@link BlobStore#validate()} drops such a reference (the file itself is never touched).
 */
public final class ExternalFileChangedException extends DataCorruptedException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Bytes {@code [start, end)} of blob {@code hash}, read from {@code file}, are no longer the blob's. */
    public ExternalFileChangedException(Hash hash, Path file, long start, long end, String why, Throwable cause) {
        super(hash, start, end, "the file " + file + " that blob " + hash.toHex() + " refers to " + why, cause);
        this.file = file;
    }

    /** The referenced file. */
    public Path file() {
        return file;
    }
}
