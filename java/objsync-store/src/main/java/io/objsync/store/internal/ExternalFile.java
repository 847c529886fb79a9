package io.objsync.store.internal;

import io.objsync.hash.Hash;
import io.objsync.store.ExternalFileChangedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A user's file a blob refers to instead of a copy: its absolute path and the size and modification time it
 * had when it was hashed. A differing size or time is the cheap sign that it changed; a change that keeps both
 * is still caught, since every read verifies against the hash. Immutable.
 *
 * @param path       absolute, symbolic links resolved at import
 * @param size       bytes, the blob's size
 * @param mtimeNanos last modification, nanoseconds since the epoch
 */
public record ExternalFile(String path, long size, long mtimeNanos) {

    /** The file as it is now; {@link NoSuchFileException} when it is gone. */
    public static ExternalFile stat(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(file + " is not a regular file");
        }
        return new ExternalFile(file.toString(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }

    public Path file() {
        return Path.of(path);
    }

    /** Whether the file still has the recorded size and modification time (false when it is gone). */
    public boolean looksUnchanged() {
        try {
            return equals(stat(file()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws unless the file still has the recorded size and modification time. */
    public void check(Hash hash) throws ExternalFileChangedException {
        ExternalFile now;
        try {
            now = stat(file());
        } catch (NoSuchFileException e) {
            throw changed(hash, 0, size, "is gone", e);
        } catch (IOException e) {
            throw changed(hash, 0, size, "cannot be read: " + e.getMessage(), e);
        }
        if (now.size != size) {
            throw changed(hash, Math.min(size, now.size), size, "changed size from " + size + " to " + now.size
                    + " bytes", null);
        }
        if (now.mtimeNanos != mtimeNanos) {
            throw changed(hash, 0, size, "was modified after it was imported", null);
        }
    }

    /** The typed error for bytes {@code [start, end)} read from this file. */
    public ExternalFileChangedException changed(Hash hash, long start, long end, String why, Throwable cause) {
        return new ExternalFileChangedException(hash, file(), start, end, why, cause);
    }
}
