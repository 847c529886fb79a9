package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
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
 * bounded by the tree depth plus one chunk group, whatever the blob size. Not thread-safe.
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
         */
        default void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair) throws IOException {
        }
    }

    private final TreeCursor cursor;
    private final Listener listener;
    private final long claimedSize;
    private final int groupBytes;

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
            int need = cursor.streamLength();
            if (filled == 0 && in.remaining() >= need) {
                // The whole node is here: verify it in place.
                int p = in.position();
                ByteBuffer node = in.duplicate().limit(p + need);
                in.position(p + need);
                accept(node);
            } else if (in.hasRemaining()) {
                ensureBuffer(need);
                int n = Math.min(need - filled, in.remaining());
                in.get(buffer, filled, n);
                filled += n;
                if (filled == need) {
                    filled = 0;
                    accept(ByteBuffer.wrap(buffer, 0, need));
                }
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
        checkUsable();
        while (!complete) {
            int need = cursor.streamLength();
            ensureBuffer(need);
            if (filled < need) {
                int r = in.read(buffer, filled, need - filled);
                if (r < 0) {
                    throw truncated();
                }
                filled += r;
            }
            if (filled == need) {
                filled = 0;
                accept(ByteBuffer.wrap(buffer, 0, need));
            }
        }
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
        checkUsable();
        while (!complete) {
            int need = cursor.streamLength();
            ensureBuffer(need);
            if (filled < need) {
                int r = in.read(ByteBuffer.wrap(buffer, filled, need - filled));
                if (r < 0) {
                    throw truncated();
                }
                if (r == 0) {
                    throw new IllegalStateException("channel returned no bytes; use feed() for non-blocking channels");
                }
                filled += r;
            }
            if (filled == need) {
                filled = 0;
                accept(ByteBuffer.wrap(buffer, 0, need));
            }
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

    private void accept(ByteBuffer node) throws IOException {
        failed = true; // cleared below unless verification or the listener throws
        int len = node.remaining();
        long byteStart = cursor.byteStart();
        long byteEnd = cursor.byteEnd();
        if (cursor.isParent()) {
            long index = cursor.outboardIndex();
            byte[] pair = new byte[TreeHash.PAIR_LEN];
            node.get(node.position(), pair);
            cursor.acceptParent(pair, 0);
            if (index >= 0) {
                listener.onParent(index, byteStart, byteEnd, ByteBuffer.wrap(pair).asReadOnlyBuffer());
            }
        } else {
            cursor.acceptLeaf(node);
            listener.onData(byteStart, node.asReadOnlyBuffer());
        }
        consumed += len;
        complete = !cursor.next();
        failed = false;
    }

    private void ensureBuffer(int need) {
        if (buffer == null || buffer.length < need) {
            buffer = new byte[Math.max(need, Math.min(groupBytes, 1 << 20))];
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
