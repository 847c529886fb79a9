package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Receives a BAO response stream for chunk ranges of a blob and releases only verified bytes.
 *
 * <p>The receiver knows the blob's root hash, the size the sender claimed (the {@link SizePrefix} before the
 * stream) and the ranges it asked for; with those it knows the exact sequence of parents and leaves the stream
 * must hold (see {@link Outboard} for the tree). Each parent pair is checked against the chaining value its
 * parent vouched for (the root hash at the top), each leaf against its own chaining value, before the
 * {@link Listener} sees any of it. The first node that fails ends decoding with a
 * {@link BaoVerificationException} naming the blob bytes it covers; nothing after it is released.
 *
 * <p>The claimed size is not trusted: it only becomes {@linkplain #verifiedSize() verified} when the leaf
 * holding the last chunk verifies (its hash depends on its length and position). A wrong claim ends in a
 * verification or truncation error as soon as the stream reaches the last chunk; ask for
 * {@link ChunkRanges#lastChunk()} to prove the size alone.
 *
 * <p>The core is push-style: {@link #feed(ByteBuffer)} takes whatever bytes have arrived, in any split.
 * {@link #readFrom(InputStream)} and {@link #readFrom(ReadableByteChannel)} pull exactly this blob's bytes from a
 * stream and never read past them, so the next blob of a response can follow on the same stream. Memory is
 * bounded by the tree depth plus one unit of work (one chunk group, or up to 256 KiB of groups verified in one
 * backend call), whatever the blob size. Not thread-safe.
 */
public final class BaoDecoder {

    /** Receives what the decoder verified, in stream order. Throwing stops decoding with that exception. */
    public interface Listener {

        /**
         * Verified blob bytes: {@code data}'s remaining bytes are the blob's bytes from {@code offset}. The buffer
         * is read-only and only valid during the call: copy what you keep.
         */
        void onData(long offset, ByteBuffer data) throws IOException;

        /**
         * A verified parent of the blob's pre-order outboard (nodes inside a chunk group are not reported):
         * its pair, 64 bytes, belongs at byte {@code 64 * outboardIndex} of the outboard, and it covers the blob
         * bytes {@code [byteStart, byteEnd)}. Lets a receiver store a partial blob with its outboard. The
         * buffer is read-only and only valid during the call.
         *
         * <p>Positions follow the claimed size: a pair's hash does not say where in the tree it sits, so under a
         * wrong claim a real pair of the blob can verify at the claimed tree's position (found by fuzzing), and
         * only the leaves below it, whose hashes include their position, fail. Treat positions as provisional
         * until {@link BaoDecoder#isSizeVerified()}, or discard a partial blob's outboard when its claim changes (as the
         * blob store does).
         */
        default void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair) throws IOException {
        }
    }

    private final TreeCursor cursor;
    private final Listener listener;
    private final long claimedSize;
    private final int groupBytes;

    private final byte[] pair = new byte[TreeHash.PAIR_LEN];
    private byte[] buffer;
    private int filled;
    private long consumed;
    private boolean complete;
    private boolean trailing;
    private boolean failed;

    private BaoDecoder(Backend backend, Hash root, long size, int blockLog, ChunkRanges ranges, Listener listener) {
        this.cursor = new TreeCursor(backend, root.toBytes(), size, blockLog, ranges);
        this.listener = listener;
        this.claimedSize = size;
        this.groupBytes = ChunkRanges.CHUNK_LEN << blockLog;
        this.complete = !cursor.next();
    }

    /**
     * A decoder for chunk groups of 16 KiB ({@link Outboard#DEFAULT_BLOCK_LOG}), as iroh-blobs uses.
     *
     * @param root   the blob's hash
     * @param size   the size the sender claims
     * @param ranges the chunks asked for (an empty set expects an empty stream)
     */
    public static BaoDecoder create(Hash root, long size, ChunkRanges ranges, Listener listener) {
        return create(root, size, Outboard.DEFAULT_BLOCK_LOG, ranges, listener);
    }

    /**
     * A decoder for chunk groups of {@code 2^blockLog} chunks; both sides must use the same value (0 is classic
     * bao: every chunk is a leaf).
     */
    public static BaoDecoder create(Hash root, long size, int blockLog, ChunkRanges ranges, Listener listener) {
        return create(BackendRegistry.active(), root, size, blockLog, ranges, listener);
    }

    /** As {@link #create(Hash, long, int, ChunkRanges, Listener)}, hashing on {@code backend} (for tests). */
    static BaoDecoder create(Backend backend, Hash root, long size, int blockLog, ChunkRanges ranges,
                             Listener listener) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(listener, "listener");
        SizePrefix.checkSize(size);
        Outboard.checkBlockLog(blockLog);
        return new BaoDecoder(backend, root, size, blockLog, ranges, listener);
    }

    /**
     * Consumes the bytes of {@code in} this blob's stream still needs and advances its position past them.
     * Bytes after the end of the stream are left in {@code in} (they may be the next blob of a response); if
     * any are offered, {@link #finish()} reports them as trailing data.
     *
     * @return whether the stream is complete
     * @throws BaoVerificationException at the first node that does not verify
     * @throws IOException              when the listener throws it
     * @throws IllegalStateException    when an earlier call failed
     */
    public boolean feed(ByteBuffer in) throws IOException {
        Objects.requireNonNull(in, "in");
        checkUsable();
        while (!complete) {
            int need = unitLength();
            if (filled == 0 && in.remaining() >= need) {
                // The whole unit is here: verify it in place.
                int p = in.position();
                ByteBuffer unit = in.duplicate().limit(p + need);
                in.position(p + need);
                acceptUnit(unit);
            } else if (in.hasRemaining()) {
                ensureBuffer(need);
                int n = Math.min(need - filled, in.remaining());
                in.get(buffer, filled, n);
                filled += n;
                acceptBufferedUnit(need);
            } else {
                break;
            }
        }
        if (complete && in.hasRemaining()) {
            trailing = true;
        }
        return complete;
    }

    /**
     * Reads exactly the rest of this blob's stream from {@code in} (never more) and verifies it.
     *
     * @throws BaoTruncatedException    when {@code in} ends first
     * @throws BaoVerificationException at the first node that does not verify
     */
    public void readFrom(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        readWith(in::read);
    }

    /**
     * Reads exactly the rest of this blob's stream from {@code in} (never more) and verifies it. A non-blocking
     * channel is not supported: use {@link #feed(ByteBuffer)} with it.
     *
     * @throws BaoTruncatedException    when {@code in} ends first
     * @throws BaoVerificationException at the first node that does not verify
     */
    public void readFrom(ReadableByteChannel in) throws IOException {
        Objects.requireNonNull(in, "in");
        readWith((b, off, len) -> {
            int r = in.read(ByteBuffer.wrap(b, off, len));
            if (r == 0) {
                throw new IllegalStateException("channel returned no bytes; use feed() for non-blocking channels");
            }
            return r;
        });
    }

    /** A blocking source of bytes, as {@link InputStream#read(byte[], int, int)}. */
    private interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    private void readWith(Source in) throws IOException {
        checkUsable();
        while (!complete) {
            int need = unitLength();
            ensureBuffer(need);
            if (filled < need) {
                int r;
                try {
                    r = in.read(buffer, filled, need - filled);
                } catch (IOException e) {
                    releaseAfter(e); // a connection cut mid-batch keeps what verified, as an end of stream does
                    throw e;
                }
                if (r < 0) {
                    releaseWholeNodes();
                    throw truncated();
                }
                filled += r;
            }
            acceptBufferedUnit(need);
        }
    }

    /**
     * Declares the end of the stream: succeeds only when every expected node arrived and verified and no bytes
     * were offered past the end. After {@link #readFrom(InputStream)}, which never reads past the stream, bytes
     * still waiting in the source are not seen here: check for its end yourself when nothing may follow.
     *
     * @throws BaoTruncatedException when nodes are still missing
     * @throws BaoException          when bytes were offered after the stream's end
     */
    public void finish() throws IOException {
        checkUsable();
        if (!complete && cursor.streamLength() == 0) {
            feed(ByteBuffer.allocate(0)); // the empty blob's leaf needs no bytes but must still verify
        }
        if (!complete) {
            releaseWholeNodes();
            throw truncated();
        }
        if (trailing) {
            throw new BaoException("unexpected bytes after the end of the stream", consumed);
        }
    }

    /** Whether every expected node has arrived and verified. */
    public boolean isComplete() {
        return complete;
    }

    /** Stream bytes consumed so far. */
    public long bytesConsumed() {
        return consumed;
    }

    /** Whether the claimed size is proven: the leaf holding the last chunk has verified. */
    public boolean isSizeVerified() {
        return cursor.lastChunkVerified();
    }

    /** The blob's size once {@linkplain #isSizeVerified() verified}, else empty. */
    public OptionalLong verifiedSize() {
        return cursor.lastChunkVerified() ? OptionalLong.of(claimedSize) : OptionalLong.empty();
    }

    /**
     * Stream bytes of the next unit of work: the current node's whole subtree when one backend call can verify
     * it (many groups with their parents, up to {@link Backend#BAO_VERIFY_MAX_CHUNKS} chunks), else the node.
     */
    private int unitLength() {
        int batch = cursor.batchStreamLength(Backend.BAO_VERIFY_MAX_CHUNKS);
        return batch > 0 ? batch : cursor.streamLength();
    }

    /** Verifies and releases the unit in the buffer once all {@code need} bytes are there. */
    private void acceptBufferedUnit(int need) throws IOException {
        if (filled == need) {
            filled = 0;
            acceptUnit(ByteBuffer.wrap(buffer, 0, need));
        }
    }

    /**
     * Verifies and releases a unit: a batch in one backend call, then its nodes in order; when the batch fails
     * (or the unit is one node), node by node, so the error names the first bad node and every node before it
     * is released as it would be unbatched.
     */
    private void acceptUnit(ByteBuffer unit) throws IOException {
        boolean verified = unit.remaining() != cursor.streamLength() && cursor.verifyBatch(unit);
        int p = unit.position();
        do { // at least one node: the empty blob's leaf has no bytes
            int len = cursor.streamLength();
            accept(unit.duplicate().limit(p + len).position(p), verified);
            p += len;
        } while (p < unit.limit());
    }

    /** Releases the whole nodes buffered before {@code failure}; a bad node among them is added to it. */
    private void releaseAfter(IOException failure) {
        try {
            releaseWholeNodes();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Before a truncation error: verifies and releases the whole nodes of a partly buffered unit. */
    private void releaseWholeNodes() throws IOException {
        if (filled == 0) {
            return;
        }
        int p = 0;
        while (!complete && filled - p >= cursor.streamLength() && cursor.streamLength() > 0) {
            int len = cursor.streamLength();
            accept(ByteBuffer.wrap(buffer, p, len), false);
            p += len;
        }
        System.arraycopy(buffer, p, buffer, 0, filled - p);
        filled -= p;
    }

    private void accept(ByteBuffer node, boolean verified) throws IOException {
        failed = true; // cleared below unless verification or the listener throws
        int len = node.remaining();
        long byteStart = cursor.byteStart();
        long byteEnd = cursor.byteEnd();
        if (cursor.isParent()) {
            long index = cursor.outboardIndex();
            node.get(node.position(), pair);
            if (verified) {
                cursor.acceptVerifiedParent(pair, 0);
            } else {
                cursor.acceptParent(pair, 0);
            }
            if (index >= 0) {
                listener.onParent(index, byteStart, byteEnd, node.asReadOnlyBuffer());
            }
        } else {
            if (verified) {
                cursor.acceptVerifiedLeaf();
            } else {
                cursor.acceptLeaf(node);
            }
            listener.onData(byteStart, node.asReadOnlyBuffer());
        }
        consumed += len;
        complete = !cursor.next();
        failed = false;
    }

    /** Grows the buffer to {@code need} bytes, keeping what it holds. */
    private void ensureBuffer(int need) {
        if (buffer == null || buffer.length < need) {
            buffer = Arrays.copyOf(buffer == null ? new byte[0] : buffer, Math.max(need, Math.min(groupBytes, 1 << 20)));
        }
    }

    private BaoTruncatedException truncated() {
        String what = cursor.isParent() ? "the parent over bytes " : "the data at bytes ";
        return new BaoTruncatedException("stream ended after " + (consumed + filled) + " bytes, expecting "
                + what + "[" + cursor.byteStart() + ", " + cursor.byteEnd() + ")", consumed + filled);
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("decoding already failed");
        }
    }
}
