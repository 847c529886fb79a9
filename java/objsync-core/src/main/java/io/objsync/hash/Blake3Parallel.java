package io.objsync.hash;

import static io.objsync.internal.Limits.MAX_CRITICAL_BYTES;

import io.objsync.internal.Workers;
import io.objsync.internal.java.JavaBlake3;
import io.objsync.spi.Blake3Flags;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Multi-threaded BLAKE3 for large inputs, from {@link Blake3#parallel(int)}: an immutable configuration, safe
 * to share and reuse from any thread.
 *
 * <p>The input is cut along BLAKE3's tree into subtrees of equal power-of-two size (at most 1 MiB each); up to
 * {@link #threads()} threads (the caller plus helpers from a shared pool of daemon threads) hash them, and the
 * caller merges their chaining values. The result is identical to the single-threaded hash. Inputs too small
 * to cut (under about 128 KiB) are hashed on the calling thread.
 */
public final class Blake3Parallel {

    /** Smallest subtree handed to a thread: below this, thread hand-off costs more than it saves. */
    static final int DEFAULT_MIN_PIECE = 64 * 1024;

    private final Blake3Engine engine;
    private final int threads;
    private final byte[] key;
    private final int flags;
    private final int minPiece;

    Blake3Parallel(Blake3Engine engine, int threads) {
        this(engine, checkThreads(threads), null, 0, DEFAULT_MIN_PIECE);
    }

    private Blake3Parallel(Blake3Engine engine, int threads, byte[] key, int flags, int minPiece) {
        this.engine = engine;
        this.threads = threads;
        this.key = key;
        this.flags = flags;
        this.minPiece = minPiece;
    }

    private static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads;
    }

    /** The most threads one call uses. */
    public int threads() {
        return threads;
    }

    /** The same configuration computing keyed hashes under a 32-byte {@code key} (copied). */
    public Blake3Parallel withKey(byte[] key) {
        return new Blake3Parallel(engine, threads, Blake3Engine.checkKey(key), Blake3Flags.KEYED_HASH, minPiece);
    }

    /** The same configuration cutting inputs into subtrees of at least {@code bytes} (tests use small ones). */
    Blake3Parallel withMinPiece(int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < JavaBlake3.CHUNK_LEN) {
            throw new IllegalArgumentException("minimum piece must be a power of two >= 1024: " + bytes);
        }
        return new Blake3Parallel(engine, threads, key, flags, bytes);
    }

    /** The hash of {@code input}. */
    public Hash hash(byte[] input) {
        Objects.requireNonNull(input, "input");
        return hash(input, 0, input.length);
    }

    /** The hash of {@code input[off, off+len)}. */
    public Hash hash(byte[] input, int off, int len) {
        Blake3Engine.checkRange(input, off, len);
        return rootOf(ByteBuffer.wrap(input, off, len));
    }

    /** The hash of {@code input}'s remaining bytes (heap or direct), which it consumes: the position moves to the limit. */
    public Hash hash(ByteBuffer input) {
        Objects.requireNonNull(input, "input");
        Hash h = rootOf(input.duplicate());
        input.position(input.limit());
        return h;
    }

    /**
     * The hash of a file's contents, mapped window by window. The file must not be truncated while it is hashed.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public Hash hash(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] out = new byte[Hash.LENGTH];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int piece = pieceSize(size);
            if (threads == 1 || size <= piece || size < Blake3Engine.MAP_THRESHOLD) {
                engine.computeFile(key, flags, ch, out);
                return Hash.wrap(out);
            }
            // Every full window is a power-of-two number of pieces, hence a subtree of the whole file.
            int mapWindow = engine.mapWindow();
            int windows = (int) ((size + mapWindow - 1) / mapWindow);
            byte[] cvs = new byte[windows * Hash.LENGTH];
            byte[] cv = new byte[Hash.LENGTH];
            for (int w = 0; w < windows; w++) {
                long pos = (long) w * mapWindow;
                int len = (int) Math.min(mapWindow, size - pos);
                ByteBuffer window = ch.map(FileChannel.MapMode.READ_ONLY, pos, len);
                subtreeCv(window, len, pos / JavaBlake3.CHUNK_LEN, windows == 1, piece, cv);
                System.arraycopy(cv, 0, cvs, w * Hash.LENGTH, Hash.LENGTH);
            }
            merge(cvs, 0, windows, true, out);
        }
        return Hash.wrap(out);
    }

    /** The root hash of {@code in}'s remaining bytes; does not move {@code in}'s position. */
    private Hash rootOf(ByteBuffer in) {
        byte[] out = new byte[Hash.LENGTH];
        int len = in.remaining();
        int piece = pieceSize(len);
        if (threads == 1 || len <= piece) {
            engine.compute(key, flags, in, out, 0, out.length);
        } else {
            subtreeCv(in, len, 0, true, piece, out);
        }
        return Hash.wrap(out);
    }

    /**
     * The pieces' size for an input of {@code len} bytes: about four per thread, a power of two between the
     * minimum piece and {@link io.objsync.internal.Limits#MAX_CRITICAL_BYTES}, so heap pieces stay bounded,
     * and no larger than a file map window.
     */
    private int pieceSize(long len) {
        long target = Math.max(minPiece, Math.min(MAX_CRITICAL_BYTES, len / (4L * threads)));
        // A map window holds a whole number of pieces.
        return (int) Math.min(Long.highestOneBit(target), engine.mapWindow());
    }

    /**
     * The chaining value of the subtree {@code in[position, position+len)} starting at chunk
     * {@code firstChunk}: pieces hashed in parallel, then merged in the tree's shape.
     */
    private void subtreeCv(ByteBuffer in, int len, long firstChunk, boolean root, int piece, byte[] out) {
        int start = in.position();
        int count = (int) (((long) len + piece - 1) / piece);
        if (count == 1) {
            engine.backend().blake3SubtreeCv(key, flags, in, firstChunk, root, out);
            return;
        }
        byte[] cvs = new byte[count * Hash.LENGTH];
        Workers.run(count, threads, i -> {
            int from = start + i * piece;
            ByteBuffer slice = in.duplicate();
            slice.limit(from + Math.min(piece, start + len - from)).position(from);
            byte[] cv = new byte[Hash.LENGTH];
            engine.backend().blake3SubtreeCv(key, flags, slice, firstChunk + (long) i * (piece / JavaBlake3.CHUNK_LEN),
                    false, cv);
            System.arraycopy(cv, 0, cvs, i * Hash.LENGTH, Hash.LENGTH);
        });
        merge(cvs, 0, count, root, out);
    }

    /**
     * Merges the chaining values of {@code count} consecutive equal-size subtrees (the last may be smaller) in
     * BLAKE3's shape: the left part is the largest power of two that leaves at least one on the right.
     */
    private void merge(byte[] cvs, int from, int count, boolean root, byte[] out) {
        if (count == 1) {
            System.arraycopy(cvs, from * Hash.LENGTH, out, 0, Hash.LENGTH);
            return;
        }
        int left = Integer.highestOneBit(count - 1);
        byte[] l = new byte[Hash.LENGTH];
        byte[] r = new byte[Hash.LENGTH];
        merge(cvs, from, left, false, l);
        merge(cvs, from + left, count - left, false, r);
        JavaBlake3.parentCv(key, flags, l, r, root, out);
    }
}
