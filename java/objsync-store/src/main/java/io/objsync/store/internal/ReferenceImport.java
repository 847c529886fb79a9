package io.objsync.store.internal;

import io.objsync.bao.Outboard;
import io.objsync.bao.OutboardStream;
import io.objsync.store.ImportProgress;
import io.objsync.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Imports a file by reference: reads it once (positional reads, double-buffered) to compute its outboard,
 * which goes to a temporary file of the store like any import's; the data stays where it is. The file must have
 * the same size and modification time after the pass as before, or the import fails: what is recorded is then
 * what was hashed. Only ever opens the user's file for reading. A file small enough to live inline is imported
 * as a copy instead (a reference would save nothing).
 */
public final class ReferenceImport {

    /** Bytes per read; two buffers of it are in use during an import. */
    private static final int READ = 4 << 20;

    private ReferenceImport() {
    }

    /** Hashes {@code file} and writes its outboard; the result names the file (or is an inline copy). */
    public static Spool.Result run(StoreFiles files, Path file, ImportProgress progress, boolean sync)
            throws IOException {
        Path real = file.toRealPath();
        ExternalFile before = ExternalFile.stat(real);
        Outboard outboard;
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
            if (before.size() <= Spool.INLINE_MAX) {
                return Spool.runFile(files, ch, progress, sync);
            }
            outboard = hash(ch, before.size(), progress);
        }
        if (!ExternalFile.stat(real).equals(before) || outboard.size() != before.size()) {
            throw new StoreException("the file " + real + " changed while it was imported by reference");
        }
        Path outboardTmp = files.newTmp(StoreFiles.OUTBOARD);
        boolean done = false;
        try {
            Spool.writeOutboard(files, outboard, outboardTmp, sync);
            done = true;
            return new Spool.Result(outboard, null, null, outboardTmp, before);
        } finally {
            if (!done) {
                Files.deleteIfExists(outboardTmp);
            }
        }
    }

    /**
     * The outboard of the file's first {@code size} bytes (fewer if it ends first). A reader thread fills one
     * buffer while this thread hashes the other, so the import costs about the longer of reading and hashing,
     * not their sum. Positional reads, not a memory map: the file is someone else's and may be truncated
     * meanwhile, which a map would turn into a fault inside native hashing code. One reader thread for the whole
     * pass, not {@link SerialBackground}'s thread per piece: that measured 0.33-0.34 s per GiB against 0.26-0.28.
     */
    private static Outboard hash(FileChannel ch, long size, ImportProgress progress) throws IOException {
        OutboardStream hasher = Outboard.builder().stream();
        ByteBuffer[] buffers = {ByteBuffer.allocateDirect(READ), ByteBuffer.allocateDirect(READ)};
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "objsync-store-reference-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Integer> next = reader.submit(() -> fill(ch, buffers[0], 0, size));
            long hashed = 0;
            for (int i = 0; ; i ^= 1) {
                int want = (int) Math.min(READ, size - hashed);
                int got = await(next);
                long after = hashed + got;
                boolean more = got == want && after < size;
                if (more) {
                    ByteBuffer other = buffers[i ^ 1];
                    next = reader.submit(() -> fill(ch, other, after, size));
                }
                hasher.update(buffers[i].flip());
                hashed = after;
                progress.onProgress(hashed, size);
                if (!more) {
                    break; // the end, or the file shrank: the size check after the pass fails the import
                }
            }
            return hasher.finish();
        } finally {
            reader.shutdownNow();
        }
    }

    /** Reads file bytes from {@code at} into {@code buf} until it is full or the file ends; returns the count. */
    private static int fill(FileChannel ch, ByteBuffer buf, long at, long size) throws IOException {
        buf.clear().limit((int) Math.min(READ, size - at));
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
            // fill the buffer
        }
        return buf.position();
    }

    private static int await(Future<Integer> read) throws IOException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new StoreException("reading the referenced file failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while importing by reference");
        }
    }
}
