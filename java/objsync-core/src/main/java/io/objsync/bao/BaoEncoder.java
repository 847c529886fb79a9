package io.objsync.bao;

import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Writes the BAO response stream for chunk ranges of a stored blob (its data and {@link Outboard}).
 *
 * <p>The stream is a pre-order walk from the root: the 64-byte pair of every node above group level that
 * intersects the ranges, taken from the outboard; a group fully covered is one leaf of up to
 * {@code 2^blockLog} KiB; a group only partly covered is split down to 1 KiB chunks, with the parents inside it
 * computed from the data. For {@link ChunkRanges#all()} that is the blob's classic bao encoding without the
 * parents inside groups and without the size header; the size prefix of an iroh-blobs response is
 * {@link SizePrefix}'s job.
 *
 * <p>Nothing unverified leaves: every pair is checked against its parent's chaining value (the root hash at
 * the top) and every leaf against its own before it is written, so a damaged store fails with a
 * {@link BaoVerificationException} naming the bytes instead of passing corrupt data on. Bytes before the
 * failure are already written; the peer sees a truncated stream.
 */
public final class BaoEncoder {

    private BaoEncoder() {
    }

    /**
     * Writes the stream for {@code ranges} to {@code out} (in writes of up to 64 KiB; {@code out} is not
     * flushed or closed).
     *
     * @return the number of bytes written
     * @throws BaoVerificationException when data or outboard do not match the outboard's root hash
     * @throws IllegalArgumentException when the data's size differs from the outboard's
     */
    public static long encode(BaoData data, Outboard outboard, ChunkRanges ranges, OutputStream out)
            throws IOException {
        Objects.requireNonNull(out, "out");
        return batched(BackendRegistry.active(), data, outboard, ranges, out::write);
    }

    /**
     * Writes the stream for {@code ranges} to a blocking channel.
     *
     * @return the number of bytes written
     * @throws BaoVerificationException when data or outboard do not match the outboard's root hash
     * @throws IllegalArgumentException when the data's size differs from the outboard's
     */
    public static long encode(BaoData data, Outboard outboard, ChunkRanges ranges, WritableByteChannel out)
            throws IOException {
        Objects.requireNonNull(out, "out");
        return batched(BackendRegistry.active(), data, outboard, ranges, (b, off, len) -> {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                if (out.write(buf) == 0) {
                    throw new IllegalStateException("channel accepted no bytes; a blocking channel is required");
                }
            }
        });
    }

    /**
     * Reads {@code ranges} of a stored blob with every node verified, as {@link #encode} would send them, but
     * hands the verified leaves (and the outboard's pairs on the way) to {@code listener} instead of writing a
     * stream: a store reads through this so that no byte reaches a caller unchecked. Ranges are best given
     * in whole chunk groups; a partly covered group is read whole and released chunk by chunk.
     *
     * @throws BaoVerificationException at the first node that does not match the outboard's root hash; the
     *                                  leaves before it were already released
     * @throws IllegalArgumentException when the data's size differs from the outboard's
     */
    public static void read(BaoData data, Outboard outboard, ChunkRanges ranges, BaoDecoder.Listener listener)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        walk(BackendRegistry.active(), data, outboard, ranges, (b, off, len) -> { }, listener);
    }

    /**
     * Encodes through a write buffer, so the 64-byte pairs do not each become a write of their own; what
     * verified before a failure is still passed on.
     */
    static long batched(Backend backend, BaoData data, Outboard outboard, ChunkRanges ranges, Sink out)
            throws IOException {
        Batching batching = new Batching(out);
        long written;
        try {
            written = encode(backend, data, outboard, ranges, batching);
        } catch (BaoVerificationException e) {
            batching.flush();
            throw e;
        }
        batching.flush();
        return written;
    }

    /** Collects small writes into writes of up to 64 KiB. */
    private static final class Batching implements Sink {
        private final Sink out;
        private final byte[] buffer = new byte[1 << 16];
        private int filled;

        Batching(Sink out) {
            this.out = out;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buffer.length - filled) {
                flush();
            }
            if (len >= buffer.length) {
                out.write(b, off, len);
            } else {
                System.arraycopy(b, off, buffer, filled, len);
                filled += len;
            }
        }

        void flush() throws IOException {
            if (filled > 0) {
                out.write(buffer, 0, filled);
                filled = 0;
            }
        }

        /**
         * Room for the next {@code len} bytes of the stream in the buffer itself (flushing first when needed),
         * or null when that many never fit: a leaf is read straight into it and verified there, and only
         * {@link #commit} makes it part of the stream, so a leaf costs one copy instead of two.
         */
        ByteBuffer reserve(int len) throws IOException {
            if (len > buffer.length) {
                return null;
            }
            if (len > buffer.length - filled) {
                flush();
            }
            return ByteBuffer.wrap(buffer, filled, len);
        }

        /** Appends the {@code len} bytes written into the last {@link #reserve}d room. */
        void commit(int len) {
            filled += len;
        }
    }

    /** Where the stream goes. */
    interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    /** Writes the stream on {@code backend} (for tests); returns the bytes written. */
    static long encode(Backend backend, BaoData data, Outboard outboard, ChunkRanges ranges, Sink sink)
            throws IOException {
        return walk(backend, data, outboard, ranges, sink, null);
    }

    /** The stream walk: every node verified, then written to {@code sink} and, if given, reported. */
    private static long walk(Backend backend, BaoData data, Outboard outboard, ChunkRanges ranges, Sink sink,
                             BaoDecoder.Listener listener) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(outboard, "outboard");
        Objects.requireNonNull(ranges, "ranges");
        if (data.size() != outboard.size()) {
            throw new IllegalArgumentException("data has " + data.size() + " bytes but the outboard describes "
                    + outboard.size());
        }
        TreeCursor cursor = new TreeCursor(backend, outboard.root().toBytes(), outboard.size(),
                outboard.blockLog(), ranges);
        byte[] pair = new byte[TreeHash.PAIR_LEN];
        // The data of the topmost partly covered node inside a group: its parents and chunks are cut from it.
        byte[] group = new byte[0];
        long groupStart = 0;
        long groupEnd = 0;
        byte[] leafBuf = new byte[0];
        long written = 0;
        while (cursor.next()) {
            long start = cursor.byteStart();
            long end = cursor.byteEnd();
            if (cursor.isParent()) {
                long index = cursor.outboardIndex();
                if (index >= 0) {
                    outboard.readPair(index, pair);
                } else {
                    if (start < groupStart || end > groupEnd || groupStart == groupEnd) {
                        group = read(data, start, end, group);
                        groupStart = start;
                        groupEnd = end;
                    }
                    innerPair(backend, cursor, group, (int) (start - groupStart), (int) (end - start), pair);
                }
                cursor.acceptParent(pair, 0);
                if (listener != null && index >= 0) {
                    listener.onParent(index, start, end, ByteBuffer.wrap(pair).asReadOnlyBuffer());
                }
                sink.write(pair, 0, TreeHash.PAIR_LEN);
                written += TreeHash.PAIR_LEN;
            } else {
                int len = (int) (end - start);
                ByteBuffer leaf;
                Batching staged = null;
                if (start >= groupStart && end <= groupEnd && groupStart < groupEnd) {
                    leaf = ByteBuffer.wrap(group, (int) (start - groupStart), len);
                } else if (sink instanceof Batching batch && (leaf = batch.reserve(len)) != null) {
                    data.read(start, leaf.duplicate()); // into the output buffer, verified there before commit
                    staged = batch;
                } else {
                    leafBuf = read(data, start, end, leafBuf);
                    leaf = ByteBuffer.wrap(leafBuf, 0, len);
                }
                cursor.acceptLeaf(leaf);
                if (listener != null) {
                    listener.onData(start, leaf.asReadOnlyBuffer());
                }
                if (staged != null) {
                    staged.commit(len);
                } else {
                    sink.write(leaf.array(), leaf.arrayOffset() + leaf.position(), len);
                }
                written += len;
            }
        }
        return written;
    }

    /** Reads blob bytes {@code [start, end)} into {@code reuse} when it is large enough, else a new array. */
    private static byte[] read(BaoData data, long start, long end, byte[] reuse) throws IOException {
        int len = (int) (end - start);
        byte[] buf = reuse.length >= len ? reuse : new byte[len];
        data.read(start, ByteBuffer.wrap(buf, 0, len));
        return buf;
    }

    /** The pair of a parent inside a group, from the chaining values of its two halves of the data. */
    private static void innerPair(Backend backend, TreeCursor cursor, byte[] group, int off, int len, byte[] pair) {
        int leftLen = (int) (cursor.leftChunks() * ChunkRanges.CHUNK_LEN);
        byte[] cv = new byte[TreeHash.CV_LEN];
        TreeHash.subtreeCv(backend, ByteBuffer.wrap(group, off, leftLen), cursor.startChunk(), false, cv);
        System.arraycopy(cv, 0, pair, 0, TreeHash.CV_LEN);
        TreeHash.subtreeCv(backend, ByteBuffer.wrap(group, off + leftLen, len - leftLen),
                cursor.startChunk() + cursor.leftChunks(), false, cv);
        System.arraycopy(cv, 0, pair, TreeHash.CV_LEN, TreeHash.CV_LEN);
    }
}
