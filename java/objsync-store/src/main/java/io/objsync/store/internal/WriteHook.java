package io.objsync.store.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called before every write of blob data or outboard to a file: the seam tests use to make a disk "fill up"
 * at a chosen point. The store's default does nothing.
 */
@FunctionalInterface
public interface WriteHook {

    /** Does nothing. */
    WriteHook NONE = (file, position, bytes) -> { };

    /** Throws to fail the write of {@code bytes} bytes at {@code position} of {@code file}. */
    void beforeWrite(Path file, long position, int bytes) throws IOException;
}
