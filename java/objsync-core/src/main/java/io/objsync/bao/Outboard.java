package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The pre-order BAO outboard of a blob: the hash tree without the data, what a store keeps beside each blob
 * to serve verified ranges of it. Immutable and thread-safe.
 *
 * <p>The tree is the BLAKE3 tree: 1 KiB chunks; a node over more than one chunk splits into a left subtree
 * of the largest power-of-two number of chunks that leaves at least one byte on the right, and the rest.
 * Chunk groups of {@code 2^blockLog} chunks are the smallest unit the outboard describes: it holds the
 * 64-byte pair (left ‖ right chaining value) of every node above group level, in pre-order (node, left
 * subtree, right subtree), and not the size, which is kept beside it. Its length is
 * {@code (max(1, ceil(size / groupBytes)) - 1) * 64}, so a blob of at most one group has an empty outboard.
 * iroh-blobs uses {@code blockLog = 4} (16 KiB groups, {@link #DEFAULT_BLOCK_LOG}); {@code blockLog = 0} is
 * classic bao's outboard without its size header (see {@link ClassicBao}).
 *
 * <p>{@link #compute(byte[])} and its siblings hash a blob in one pass; {@link #builder()} sets the group size
 * and the number of threads (the result does not depend on them). {@link #of} wraps an outboard read back from
 * storage.
 */
public final class Outboard {

    /** log2 of the chunks per group that iroh-blobs uses: 16 KiB groups. */
    public static final int DEFAULT_BLOCK_LOG = 4;

    /** The largest supported group size: 2^16 chunks (64 MiB); receivers buffer one group. */
    public static final int MAX_BLOCK_LOG = 16;

    private final Hash root;
    private final long size;
    private final int blockLog;
    private final ByteBuffer bytes;

    Outboard(Hash root, long size, int blockLog, ByteBuffer bytes) {
        this.root = root;
        this.size = size;
        this.blockLog = blockLog;
        this.bytes = bytes.asReadOnlyBuffer();
    }

    /** The outboard of {@code data} with 16 KiB groups. */
    public static Outboard compute(byte[] data) {
        return builder().compute(data);
    }

    /** The outboard of {@code data}'s remaining bytes (position unchanged) with 16 KiB groups. */
    public static Outboard compute(ByteBuffer data) {
        return builder().compute(data);
    }

    /**
     * The outboard of a file with 16 KiB groups, read through memory maps (no copy into the heap). The file
     * must not be truncated while it is read.
     */
    public static Outboard compute(Path file) throws IOException {
        return builder().compute(file);
    }

    /** The outboard of everything {@code in} yields until its end, with 16 KiB groups; {@code in} stays open. */
    public static Outboard compute(InputStream in) throws IOException {
        return builder().compute(in);
    }

    /** Options for computing outboards: group size and threads. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Wraps a stored outboard (not copied: {@code outboard}'s remaining bytes are used as they are, so they must
     * not change afterwards). Nothing is verified here; the {@link BaoEncoder} checks every node it sends.
     *
     * @throws IllegalArgumentException when the length does not match {@code size} and {@code blockLog}
     */
    public static Outboard of(Hash root, long size, int blockLog, ByteBuffer outboard) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(outboard, "outboard");
        SizePrefix.checkSize(size);
        checkBlockLog(blockLog);
        long expected = sizeOf(size, blockLog);
        if (outboard.remaining() != expected) {
            throw new IllegalArgumentException("an outboard for " + size + " bytes with blockLog " + blockLog
                    + " has " + expected + " bytes, got " + outboard.remaining());
        }
        return new Outboard(root, size, blockLog, outboard.slice());
    }

    /** Bytes in the outboard of a blob of {@code size} bytes with groups of {@code 2^blockLog} chunks. */
    public static long sizeOf(long size, int blockLog) {
        SizePrefix.checkSize(size);
        checkBlockLog(blockLog);
        long groupBytes = (long) ChunkRanges.CHUNK_LEN << blockLog;
        long groups = Math.max(1, (size - 1) / groupBytes + 1);
        return (groups - 1) * TreeHash.PAIR_LEN;
    }

    /** The blob's hash. */
    public Hash root() {
        return root;
    }

    /** The blob's size in bytes. */
    public long size() {
        return size;
    }

    /** log2 of the chunks per group. */
    public int blockLog() {
        return blockLog;
    }

    /** The outboard's bytes: a read-only view from position 0. */
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** A copy of the outboard's bytes. */
    public byte[] toByteArray() {
        byte[] out = new byte[bytes.capacity()];
        bytes.get(0, out);
        return out;
    }

    /** Copies the pair at pre-order position {@code index} into {@code out[0, 64)}. */
    void readPair(long index, byte[] out) {
        bytes.get(Math.toIntExact(index * TreeHash.PAIR_LEN), out, 0, TreeHash.PAIR_LEN);
    }

    static void checkBlockLog(int blockLog) {
        if (blockLog < 0 || blockLog > MAX_BLOCK_LOG) {
            throw new IllegalArgumentException("blockLog must be in [0, " + MAX_BLOCK_LOG + "], got " + blockLog);
        }
    }

    /** Equal when root, size, group size and bytes are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Outboard)) {
            return false;
        }
        Outboard other = (Outboard) o;
        return root.equals(other.root) && size == other.size && blockLog == other.blockLog
                && bytes.equals(other.bytes);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "Outboard[root=" + root + ", size=" + size + ", blockLog=" + blockLog + ", "
                + bytes.capacity() + " bytes]";
    }

    /**
     * Computes outboards with a chosen group size and number of threads. Reusable and thread-safe once
     * configured; the result is the same for any thread count.
     */
    public static final class Builder {
        private int blockLog = DEFAULT_BLOCK_LOG;
        private int threads = 1;
        private Backend backend;
        private int pieceBytes;

        private Builder() {
        }

        /** log2 of the chunks per group, 0 to {@link #MAX_BLOCK_LOG}; default {@link #DEFAULT_BLOCK_LOG}. */
        public Builder blockLog(int blockLog) {
            checkBlockLog(blockLog);
            this.blockLog = blockLog;
            return this;
        }

        /** Threads to hash with (the caller's included); default 1. Large inputs are split among them. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Hashes on {@code backend} instead of the active one (for tests). */
        Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Cuts inputs into pieces of {@code bytes}, a power of two of at least 1 KiB (tests use small ones). */
        Builder pieceBytes(int bytes) {
            if (Integer.bitCount(bytes) != 1 || bytes < ChunkRanges.CHUNK_LEN) {
                throw new IllegalArgumentException("piece size must be a power of two >= 1024: " + bytes);
            }
            this.pieceBytes = bytes;
            return this;
        }

        /** The outboard of {@code data}. */
        public Outboard compute(byte[] data) {
            Objects.requireNonNull(data, "data");
            return computer().compute(ByteBuffer.wrap(data));
        }

        /** The outboard of {@code data}'s remaining bytes (heap or direct; position unchanged). */
        public Outboard compute(ByteBuffer data) {
            Objects.requireNonNull(data, "data");
            return computer().compute(data);
        }

        /**
         * The outboard of a file, read through memory maps (no copy into the heap). The file must not be
         * truncated while it is read.
         */
        public Outboard compute(Path file) throws IOException {
            Objects.requireNonNull(file, "file");
            return computer().compute(file);
        }

        /** The outboard of everything {@code in} yields until its end; {@code in} stays open. */
        public Outboard compute(InputStream in) throws IOException {
            Objects.requireNonNull(in, "in");
            return computer().compute(in);
        }

        /**
         * An outboard computed from bytes handed over in any split as they arrive, for a writer that hashes
         * what it stores in the same pass. Uses one thread whatever {@link #threads} says.
         */
        public OutboardStream stream() {
            return new OutboardStream(computer());
        }

        private OutboardComputer computer() {
            return new OutboardComputer(backend != null ? backend : BackendRegistry.active(), blockLog, threads,
                    pieceBytes);
        }
    }
}
