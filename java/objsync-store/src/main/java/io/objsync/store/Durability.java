package io.objsync.store;

/**
 * How far an import's data is on its way to the disk when {@link BlobStore#add} returns, in the spirit of
 * LMDB's {@code MDB_NOSYNC}. Either way the store stays consistent when the process is killed: a record names
 * only files fully written to the kernel, and the page cache outlives the process.
 */
public enum Durability {

    /**
     * The default: the blob's data and outboard are flushed to disk before its record commits, so an imported
     * blob survives a power loss or an operating system crash.
     */
    SYNC,

    /**
     * No flush of the blob's files: the import costs about what a plain {@code cp} does, and survives the
     * process being killed, but a power loss or an operating system crash soon after may leave a blob recorded
     * as complete whose files are short or zeroed. Reads verify every byte, so such a blob fails its reads
     * with {@link DataCorruptedException} (and {@link BlobStore#validate} marks it damaged): wrong data is
     * never served, but the blob must be imported or fetched again. The metadata commit itself stays durable.
     */
    PROCESS_CRASH_SAFE
}
