package io.objsync.store.internal;

import io.objsync.bao.Outboard;
import io.objsync.bao.OutboardStream;
import io.objsync.store.ImportProgress;
import io.objsync.store.StoreException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Imports bytes in one pass. From a file, {@link FileCopy} copies in the kernel and hashes the copy. From any
 * other source, each buffer read is hashed (outboard and root together) on the calling thread while a writer
 * thread copies the same buffer into a temporary file, so the import costs about the longer of hashing and
 * writing, and what is hashed is exactly what is written even if the source changes meanwhile. A blob of at
 * most one chunk group is kept in memory instead (it will live in the metadata). With {@code sync} the files
 * are flushed to disk ({@link FlushAhead} while writing, the rest before returning); without, they are left to
 * the page cache (see {@link io.objsync.store.Durability}).
 */
public final class Spool {

    /** Blobs up to this size are stored inline: one chunk group, whose outboard is empty. */
    public static final int INLINE_MAX = 16 * 1024;
    private static final int BUFFER = 4 << 20;
    private static final int BUFFERS = 3;

    /**
     * What was imported: an inline blob, temporary data and outboard files ready to move into place, or (by
     * {@link ReferenceImport}) a temporary outboard and the user's file that holds the data.
     */
    public record Result(Outboard outboard, byte[] inline, Path dataTmp, Path outboardTmp, ExternalFile reference) {
        /** An owned blob: inline, or in the two temporary files. */
        public Result(Outboard outboard, byte[] inline, Path dataTmp, Path outboardTmp) {
            this(outboard, inline, dataTmp, outboardTmp, null);
        }
    }

    /** Fills the open temporary data file and returns the outboard of exactly what it wrote. */
    private interface Filler {
        Outboard fill(FileChannel out, Path dataTmp) throws IOException;
    }

    private Spool() {
    }

    /** Imports a file: by kernel copy unless it is small enough to live inline. */
    public static Result runFile(StoreFiles files, FileChannel source, ImportProgress progress, boolean sync)
            throws IOException {
        long size = source.size();
        if (size <= INLINE_MAX) {
            return run(files, source, size, progress, sync);
        }
        return toFiles(files, sync, (out, dataTmp) -> FileCopy.run(files, source, out, dataTmp, progress, sync));
    }

    /**
     * Reads {@code source} to its end.
     *
     * @param total the source's size if known (for progress), else -1
     */
    public static Result run(StoreFiles files, ReadableByteChannel source, long total, ImportProgress progress,
            boolean sync) throws IOException {
        // a source known to be small gets a small first buffer (one byte more, to see its end)
        ByteBuffer first = total >= 0 && total < BUFFER ? ByteBuffer.allocate((int) total + 1)
                : ByteBuffer.allocateDirect(BUFFER);
        boolean eof = fill(source, first);
        long done = first.position();
        progress.onProgress(done, total);
        if (eof && done <= INLINE_MAX) {
            byte[] data = new byte[(int) done];
            first.flip().get(data);
            return new Result(Outboard.compute(data), data, null, null);
        }
        return toFiles(files, sync, (out, dataTmp) -> writeAndHash(files, source, first, eof, total, progress,
                out, dataTmp, sync));
    }

    /**
     * Creates the temporary files, has {@code filler} write the data, writes the outboard, forces both when
     * {@code sync}; deletes them on failure. A file that shrank to inline size while it was copied becomes an
     * inline blob after all (read back from the copy, which is what was hashed).
     */
    private static Result toFiles(StoreFiles files, boolean sync, Filler filler) throws IOException {
        Path dataTmp = files.newTmp(StoreFiles.DATA);
        Path outboardTmp = files.newTmp(StoreFiles.OUTBOARD);
        boolean keep = false;
        try (FileChannel out = FileChannel.open(dataTmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Outboard outboard = filler.fill(out, dataTmp);
            if (outboard.size() <= INLINE_MAX) {
                ByteBuffer data = ByteBuffer.allocate((int) outboard.size());
                while (data.hasRemaining() && out.read(data, data.position()) >= 0) {
                    // read on
                }
                return new Result(outboard, data.array(), null, null);
            }
            if (sync) {
                StoreFiles.force(out, dataTmp);
            }
            writeOutboard(files, outboard, outboardTmp, sync);
            keep = true;
            return new Result(outboard, null, dataTmp, outboardTmp);
        } finally {
            if (!keep) {
                Files.deleteIfExists(dataTmp);
                Files.deleteIfExists(outboardTmp);
            }
        }
    }

    /** Writes {@code outboard} to the new temporary file {@code path}, forced to disk when {@code sync}. */
    static void writeOutboard(StoreFiles files, Outboard outboard, Path path, boolean sync) throws IOException {
        try (FileChannel ob = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            files.write(ob, path, outboard.bytes(), 0);
            if (sync) {
                StoreFiles.force(ob, path);
            }
        }
    }

    /** Hashes buffers on this thread while a {@link Writer} writes them; {@code first} is already filled. */
    private static Outboard writeAndHash(StoreFiles files, ReadableByteChannel source, ByteBuffer first,
            boolean eof, long total, ImportProgress progress, FileChannel out, Path dataTmp, boolean sync)
            throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        free.add(first);
        for (int i = 1; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(BUFFER));
        }
        Writer writer = new Writer(files, out, dataTmp, free, sync ? new FlushAhead(out, dataTmp) : null);
        writer.start();
        OutboardStream hasher = Outboard.builder().stream();
        long done = first.position();
        try {
            ByteBuffer buf = free.take(); // the first buffer, already filled
            while (true) {
                buf.flip();
                hasher.update(buf.duplicate());
                writer.queue.put(buf);
                if (eof) {
                    break;
                }
                buf = free.take();
                writer.check();
                eof = fill(source, buf);
                done += buf.position();
                progress.onProgress(done, total);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted");
        } finally {
            writer.finish();
        }
        writer.check();
        return hasher.finish();
    }

    /** Waits for a helper thread of an import; an interrupt of the waiting thread fails the import. */
    static void join(Thread t) throws InterruptedIOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted");
        }
    }

    /** Reads until {@code buf} is full or the source ends; returns whether it ended. */
    private static boolean fill(ReadableByteChannel source, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (source.read(buf) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Writes queued buffers in order and hands them back; remembers the first failure. */
    private static final class Writer extends Thread {
        private static final ByteBuffer END = ByteBuffer.allocate(0);

        final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final StoreFiles files;
        private final FileChannel out;
        private final Path path;
        private final BlockingQueue<ByteBuffer> free;
        private final FlushAhead flush;
        private volatile IOException failure;
        private long position;

        Writer(StoreFiles files, FileChannel out, Path path, BlockingQueue<ByteBuffer> free, FlushAhead flush) {
            super("objsync-store-import-writer");
            setDaemon(true);
            this.files = files;
            this.out = out;
            this.path = path;
            this.free = free;
            this.flush = flush;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    ByteBuffer buf = queue.take();
                    if (buf == END) {
                        return;
                    }
                    if (failure == null) {
                        try {
                            int n = buf.remaining();
                            files.write(out, path, buf, position);
                            position += n;
                            if (flush != null) {
                                flush.written(position);
                            }
                        } catch (StoreException e) {
                            fail(e);
                        } catch (RuntimeException e) {
                            fail(new StoreException("cannot write " + path + ": " + e, e));
                        }
                    }
                    buf.clear();
                    free.put(buf);
                }
            } catch (InterruptedException e) {
                fail(new InterruptedIOException("import writer interrupted"));
            }
        }

        private synchronized void fail(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }

        void check() throws IOException {
            IOException f = failure;
            if (f != null) {
                throw f;
            }
        }

        void finish() throws IOException {
            try {
                queue.put(END);
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupt();
                throw new InterruptedIOException("import interrupted");
            }
            if (flush != null) {
                flush.finish();
            }
        }
    }
}
