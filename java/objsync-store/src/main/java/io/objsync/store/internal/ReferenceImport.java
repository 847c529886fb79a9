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

/**
 * Imports a file by reference: reads it once (positional reads into one direct buffer) to compute its outboard,
 * which goes to a temporary file of the store like any import's; the data stays where it is. The file must have
 * the same size and modification time after the pass as before, or the import fails: what is recorded is then
 * what was hashed. Only ever opens the user's file for reading. A file small enough to live inline is imported
 * as a copy instead (a reference would save nothing).
 */
public final class ReferenceImport {

    private static final int READ = 8 << 20;

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

    /** The outboard of the file's first {@code size} bytes (fewer if it ends first). */
    private static Outboard hash(FileChannel ch, long size, ImportProgress progress) throws IOException {
        OutboardStream hasher = Outboard.builder().stream();
        ByteBuffer buf = ByteBuffer.allocateDirect(READ);
        long hashed = 0;
        while (hashed < size) {
            buf.clear().limit((int) Math.min(READ, size - hashed));
            int n = 0;
            while (buf.hasRemaining() && (n = ch.read(buf, hashed + buf.position())) >= 0) {
                // fill the buffer
            }
            hasher.update(buf.flip());
            hashed += buf.limit();
            progress.onProgress(hashed, size);
            if (n < 0) {
                break; // shrank: the size check after the pass fails the import
            }
        }
        return hasher.finish();
    }
}
