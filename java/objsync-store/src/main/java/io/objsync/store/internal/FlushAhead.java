package io.objsync.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Forces a file to disk while it is still being written: every {@link #DISTANCE} bytes written, a background
 * thread forces the file (one force at a time), so the disk writes overlap the rest of the import and the final
 * force only has the tail left. On the development VM this made a durable 1 GiB import cost about a plain
 * {@code cp} instead of {@code cp} plus {@code sync}. A failed force fails the import: the kernel reports a
 * write-back error to one fsync only, so the final force could miss it.
 */
final class FlushAhead {

    static final long DISTANCE = 64 << 20;

    private final FileChannel out;
    private final Path path;
    private final SerialBackground flusher = new SerialBackground("objsync-store-import-flusher");
    private long requested;

    FlushAhead(FileChannel out, Path path) {
        this.out = out;
        this.path = path;
    }

    /** Told the bytes written so far (by one thread); starts a force when due and none is running. */
    void written(long position) {
        if (position - requested >= DISTANCE && flusher.tryStart(() -> StoreFiles.force(out, path))) {
            requested = position;
        }
    }

    /** Waits for the running force, if any; throws its failure or any earlier one. */
    void finish() throws IOException {
        flusher.finish();
    }
}
