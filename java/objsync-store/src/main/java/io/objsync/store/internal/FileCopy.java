package io.objsync.store.internal;

import io.objsync.bao.Outboard;
import io.objsync.bao.OutboardStream;
import io.objsync.store.ImportProgress;
import io.objsync.store.StoreException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Imports a file by copying it in the kernel ({@link FileChannel#transferTo}: {@code copy_file_range} or
 * {@code sendfile} on Linux, no copy through user space) on a copier thread, chunk by chunk, while the calling
 * thread hashes the chunks already copied, read back from the destination through the page cache (positional
 * reads into one direct buffer: a copy in memory, but no mappings that outlive the import). So the import costs about the longer of copying and hashing, as {@code cp} and a hash would on two
 * cores, and what is hashed is what was stored, even if the source file changes meanwhile: the blob is the
 * bytes copied (to the source's end, however long it turned out to be).
 */
final class FileCopy {

    /** Bytes per {@code transferTo} call. */
    static final long CHUNK = 16 << 20;
    /** Bytes read back per hash update: whole pieces of the outboard stream, which hashes them in place. */
    private static final int READ = 8 << 20;

    private FileCopy() {
    }

    /** Copies {@code source} into {@code out} (the empty file {@code path}); returns the copy's outboard. */
    static Outboard run(StoreFiles files, FileChannel source, FileChannel out, Path path, ImportProgress progress,
            boolean sync) throws IOException {
        Copier copier = new Copier(files, source, out, path, sync ? new FlushAhead(out, path) : null);
        copier.start();
        OutboardStream hasher = Outboard.builder().stream();
        ByteBuffer buf = ByteBuffer.allocateDirect(READ);
        long hashed = 0;
        try {
            for (long copied; (copied = copier.awaitBeyond(hashed)) > hashed; ) {
                while (hashed < copied) {
                    buf.clear().limit((int) Math.min(READ, copied - hashed));
                    while (buf.hasRemaining()) {
                        if (out.read(buf, hashed + buf.position()) < 0) {
                            throw new StoreException("the copy " + path + " is shorter than written");
                        }
                    }
                    hasher.update(buf.flip());
                    hashed += buf.limit();
                    progress.onProgress(hashed, Math.max(hashed, copier.expected));
                }
            }
        } finally {
            copier.finish();
        }
        return hasher.finish();
    }

    /** Copies chunk after chunk until the source ends or it is stopped; publishes how far it got. */
    private static final class Copier extends Thread {
        private final StoreFiles files;
        private final FileChannel source;
        private final FileChannel out;
        private final Path path;
        private final FlushAhead flush;
        private final Object lock = new Object();
        private long copied;
        private boolean done;
        private IOException failure;
        private volatile boolean stop;
        volatile long expected;

        Copier(StoreFiles files, FileChannel source, FileChannel out, Path path, FlushAhead flush)
                throws IOException {
            super("objsync-store-import-copier");
            setDaemon(true);
            this.files = files;
            this.source = source;
            this.out = out;
            this.path = path;
            this.flush = flush;
            this.expected = source.size();
        }

        @Override
        public void run() {
            IOException error = null;
            long position = 0;
            try {
                while (!stop) {
                    long size = source.size();
                    expected = size;
                    long n = Math.min(CHUNK, size - position);
                    if (n <= 0) {
                        break;
                    }
                    long moved = files.transfer(source, position, n, out, path);
                    if (moved == 0) {
                        break; // the source shrank under us
                    }
                    position += moved;
                    publish(position);
                    if (flush != null) {
                        flush.written(position);
                    }
                }
            } catch (IOException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new StoreException("cannot write " + path + ": " + e, e);
            }
            if (flush != null) {
                try {
                    flush.finish(); // also after a failure: no force may outlive the file
                } catch (IOException e) {
                    error = error != null ? error : e;
                }
            }
            synchronized (lock) {
                failure = error;
                done = true;
                lock.notifyAll();
            }
        }

        private void publish(long position) {
            synchronized (lock) {
                copied = position;
                lock.notifyAll();
            }
        }

        /** Waits until more than {@code hashed} bytes are copied or the copy ended; returns the bytes copied. */
        long awaitBeyond(long hashed) throws IOException {
            synchronized (lock) {
                try {
                    while (copied <= hashed && !done) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("import interrupted");
                }
                if (failure != null) {
                    throw failure;
                }
                return copied;
            }
        }

        /** Stops the copy after its current chunk and waits for it. */
        void finish() throws IOException {
            stop = true;
            Spool.join(this);
        }
    }
}
