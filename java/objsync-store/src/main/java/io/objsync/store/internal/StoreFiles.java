package io.objsync.store.internal;

import io.objsync.hash.Hash;
import io.objsync.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store directory's files: {@code blobs/xx/<hex>.data} and {@code .obao} (data and pre-order outboard of
 * blobs larger than one chunk group; {@code xx} = the hash's first hex byte, so no directory grows past a few
 * hundred entries per 100k blobs), and {@code tmp/} for imports in flight. All blob writes pass through
 * {@link #write} or {@link #transfer} (and its {@link WriteHook}).
 */
public final class StoreFiles {

    public static final String DATA = ".data";
    public static final String OUTBOARD = ".obao";
    /** The most bytes handed to one write system call (see {@link #write}). */
    static final int WRITE_SLICE = 256 << 10;

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final WriteHook hook;
    private final AtomicLong tmpCounter = new AtomicLong();

    public StoreFiles(Path root, WriteHook hook) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.tmp = root.resolve("tmp");
        this.hook = hook;
    }

    /**
     * Creates the directories of a new store: all 256 shards up front, so a rename into one never needs a new
     * directory to be made durable first.
     */
    public void createLayout() throws IOException {
        if (!Files.isDirectory(blobs.resolve("ff"))) {
            Files.createDirectories(blobs);
            for (int i = 0; i < 256; i++) {
                Files.createDirectories(blobs.resolve(String.format("%02x", i)));
            }
            fsyncDir(blobs);
            fsyncDir(root);
        }
        Files.createDirectories(tmp);
    }

    /**
     * Empties {@code tmp/}: what is there belongs to imports a crash cut short before their metadata committed
     * (renames that did commit were replayed first).
     */
    public void clearTmp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path data(Hash hash) {
        return shard(hash).resolve(hash.toHex() + DATA);
    }

    public Path outboard(Hash hash) {
        return shard(hash).resolve(hash.toHex() + OUTBOARD);
    }

    public Path shard(Hash hash) {
        return blobs.resolve(hash.toHex().substring(0, 2));
    }

    /** A fresh file name in {@code tmp/} (not created). */
    public Path newTmp(String suffix) {
        return tmp.resolve(ProcessHandle.current().pid() + "-" + tmpCounter.incrementAndGet() + suffix);
    }

    /** {@code p} relative to the store directory, as recorded in {@link FileOps}. */
    public String relative(Path p) {
        return root.relativize(p).toString();
    }

    /**
     * Writes all of {@code buf} at {@code position} of {@code ch} (a file of the store: {@code file}), in
     * system calls of at most {@link #WRITE_SLICE} bytes: on the development VM's kernel (Linux 6.18, ext4) a
     * 1 GiB file written in 4 MiB {@code pwrite}s took 5-12 s of mostly system time, in 256 KiB ones 1-1.5 s,
     * about what {@code cp} (copy_file_range) takes. The position and limit of {@code buf} end as one write
     * would leave them.
     */
    public void write(FileChannel ch, Path file, ByteBuffer buf, long position) throws StoreException {
        try {
            hook.beforeWrite(file, position, buf.remaining());
            long at = position;
            int end = buf.limit();
            while (buf.hasRemaining()) {
                buf.limit(Math.min(end, buf.position() + WRITE_SLICE));
                at += ch.write(buf, at);
                buf.limit(end);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code count} bytes of {@code source} from {@code from} to {@code out} (the store's file
     * {@code file}) at its position, in the kernel ({@code copy_file_range} or {@code sendfile}); returns the
     * bytes copied, fewer than {@code count} only if the source ended first.
     */
    public long transfer(FileChannel source, long from, long count, FileChannel out, Path file)
            throws StoreException {
        try {
            hook.beforeWrite(file, out.position(), (int) Math.min(count, Integer.MAX_VALUE));
            long done = 0;
            while (done < count) {
                long n = source.transferTo(from + done, count - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            return done;
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces a file's data to disk (a full disk may only show here, with delayed allocation). */
    public static void force(FileChannel ch, Path file) throws StoreException {
        try {
            ch.force(false);
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Carries out recorded operations (idempotent), making each touched directory durable. */
    public void apply(FileOps ops) throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (FileOps.Op op : ops.ops()) {
            Path a = root.resolve(op.a());
            if (op.code() == FileOps.RENAME) {
                Path b = root.resolve(op.b());
                try {
                    Files.move(a, b, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    dirs.add(b.getParent());
                } catch (NoSuchFileException e) {
                    // done before a crash
                }
            } else if (Files.deleteIfExists(a)) {
                dirs.add(a.getParent());
            }
        }
        for (Path d : dirs) {
            fsyncDir(d);
        }
    }

    /** Every file under {@code blobs/} (for garbage collection's stray-file sweep and tests). */
    public Set<Path> allBlobFiles() throws IOException {
        Set<Path> out = new HashSet<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(blobs)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    files.forEach(out::add);
                }
            }
        }
        return out;
    }

    /** Makes a directory's entries (creations, renames, deletions) durable. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
