package io.objsync.bao;

import io.objsync.spi.Backend;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Walks the nodes of a BAO response stream in stream order (pre-order from the root) and verifies each node's
 * bytes against the chaining value its parent vouched for (the root hash for the top node). The encoder uses
 * it to check stored data before sending it, the decoder to check received bytes before releasing them.
 *
 * <p>For a blob of {@code size} bytes, chunk groups of {@code 2^blockLog} chunks and requested chunk ranges,
 * the nodes are: a parent for every node above group level that intersects the ranges; a group (or the tail
 * of the blob, or the whole blob when it fits a group) fully covered by the ranges is one leaf; a group only
 * partly covered is split down to 1 KiB chunks, with the parents inside it. Ranges at or past the last chunk
 * select the last chunk (see {@link ChunkRanges}).
 *
 * <p>Usage: {@link #next()} moves to the next node, then exactly one of {@link #acceptParent} or
 * {@link #acceptLeaf} checks its bytes (a parent must be accepted before {@code next()}: its chaining values
 * tell where to go). Memory is bounded by the tree depth.
 */
final class TreeCursor {

    private final Backend backend;
    private final long size;
    private final long chunkCount;
    private final long groupChunks;
    private final int blockLog;
    private final ChunkRanges ranges;

    // Pending nodes, the next one on top.
    private long[] stackStart = new long[32];
    private long[] stackChunks = new long[32];
    private long[] stackIndex = new long[32];
    private byte[] stackCv = new byte[32 * TreeHash.CV_LEN];
    private int depth;

    private boolean parent;
    private long start;
    private long chunks;
    private long index;
    private boolean root;
    private final byte[] cv = new byte[TreeHash.CV_LEN];
    private boolean current;
    private boolean lastChunkVerified;

    private final byte[] left = new byte[TreeHash.CV_LEN];
    private final byte[] right = new byte[TreeHash.CV_LEN];
    private final byte[] actual = new byte[TreeHash.CV_LEN];

    /**
     * @param rootHash the 32-byte hash of the whole blob
     * @param size     the blob's size in bytes (as claimed, for a receiver)
     */
    TreeCursor(Backend backend, byte[] rootHash, long size, int blockLog, ChunkRanges ranges) {
        this.backend = backend;
        this.size = size;
        this.chunkCount = chunkCount(size);
        this.groupChunks = 1L << blockLog;
        this.blockLog = blockLog;
        this.ranges = ranges.truncateTo(chunkCount);
        if (!this.ranges.isEmpty()) {
            push(0, chunkCount, chunkCount > groupChunks ? 0 : -1, rootHash);
        }
    }

    /** Chunks in a blob of {@code size} bytes: at least one (the empty blob is one empty chunk). */
    static long chunkCount(long size) {
        return size == 0 ? 1 : ((size - 1) >>> 10) + 1;
    }

    /** Moves to the next node of the stream; false when the stream is complete. */
    boolean next() {
        if (current && parent) {
            throw new IllegalStateException("a parent must be accepted before moving on");
        }
        if (depth == 0) {
            current = false;
            return false;
        }
        depth--;
        start = stackStart[depth];
        chunks = stackChunks[depth];
        index = stackIndex[depth];
        System.arraycopy(stackCv, depth * TreeHash.CV_LEN, cv, 0, TreeHash.CV_LEN);
        root = chunks == chunkCount;
        parent = chunks > groupChunks || (chunks > 1 && !ranges.covers(start, start + chunks));
        current = true;
        return true;
    }

    /** Whether the current node is a parent (64 bytes in the stream) rather than a leaf. */
    boolean isParent() {
        return parent;
    }

    /** Whether the current node is the root. */
    boolean isRoot() {
        return root;
    }

    /** First blob byte under the current node. */
    long byteStart() {
        return start << 10;
    }

    /** End (exclusive) of the blob bytes under the current node. */
    long byteEnd() {
        // Only the blob's last node ends at the size; shifting its chunk end could pass 2^63.
        return start + chunks == chunkCount ? size : (start + chunks) << 10;
    }

    /** Bytes the current node takes in the stream: 64 for a parent, the covered bytes for a leaf. */
    int streamLength() {
        return parent ? TreeHash.PAIR_LEN : (int) (byteEnd() - byteStart());
    }

    /**
     * The stream length of the current node's whole subtree when one {@link Backend#baoVerify} call can check
     * it (a parent over a power-of-two number of full groups, at most {@code maxChunks} chunks, every chunk
     * requested), else -1.
     */
    int batchStreamLength(int maxChunks) {
        if (!current || !parent || chunks > maxChunks || Long.bitCount(chunks) != 1 || chunks <= groupChunks
                || byteEnd() - byteStart() != chunks << 10 || !ranges.covers(start, start + chunks)) {
            return -1;
        }
        long groups = chunks / groupChunks;
        return (int) ((chunks << 10) + (groups - 1) * TreeHash.PAIR_LEN);
    }

    /**
     * Checks the current node's whole subtree, {@code stream}'s remaining bytes of {@link #batchStreamLength},
     * in one backend call, without moving: on success the caller walks it with the {@code acceptVerified}
     * methods; on failure it walks it with the checking ones to find the bad node.
     */
    boolean verifyBatch(ByteBuffer stream) {
        return backend.baoVerify(stream, start, blockLog, root, cv);
    }

    /** First chunk of the current node. */
    long startChunk() {
        return start;
    }

    /** Chunks in the left child of the current parent. */
    long leftChunks() {
        return Long.highestOneBit(chunks - 1);
    }

    /**
     * Position of the current parent in the pre-order outboard (its pair is at {@code 64 * index}), or -1
     * for a parent inside a chunk group, which no outboard stores.
     */
    long outboardIndex() {
        return parent ? index : -1;
    }

    /** Whether the leaf holding the blob's last chunk has verified, which proves the size. */
    boolean lastChunkVerified() {
        return lastChunkVerified;
    }

    /**
     * Checks the current parent's pair {@code pair[off, off+64)} and queues the children the ranges need.
     *
     * @throws BaoVerificationException when the pair does not hash to the expected chaining value
     */
    void acceptParent(byte[] pair, int off) throws BaoVerificationException {
        if (!current || !parent) {
            throw new IllegalStateException("the current node is not a parent");
        }
        if (!TreeHash.pairMatches(pair, off, root, cv, left, right)) {
            throw new BaoVerificationException("parent node over bytes [" + byteStart() + ", " + byteEnd()
                    + ") does not match its hash", byteStart(), byteEnd());
        }
        descend();
    }

    /** Takes the current parent's pair {@code pair[off, off+64)} as already verified by {@link #verifyBatch}. */
    void acceptVerifiedParent(byte[] pair, int off) {
        if (!current || !parent) {
            throw new IllegalStateException("the current node is not a parent");
        }
        System.arraycopy(pair, off, left, 0, TreeHash.CV_LEN);
        System.arraycopy(pair, off + TreeHash.CV_LEN, right, 0, TreeHash.CV_LEN);
        descend();
    }

    /** Queues the children of the current parent whose pair is in {@code left} and {@code right}. */
    private void descend() {
        current = false;
        long leftChunks = leftChunks();
        long rightChunks = chunks - leftChunks;
        long mid = start + leftChunks;
        // Pre-order: the left child follows its parent; the right child follows the left subtree, which holds
        // one outboard node per group but one.
        long leftIndex = index >= 0 && leftChunks > groupChunks ? index + 1 : -1;
        long rightIndex = index >= 0 && rightChunks > groupChunks ? index + leftChunks / groupChunks : -1;
        if (ranges.intersects(mid, start + chunks)) {
            push(mid, rightChunks, rightIndex, right);
        }
        if (ranges.intersects(start, mid)) {
            push(start, leftChunks, leftIndex, left);
        }
    }

    /**
     * Checks the current leaf: {@code data}'s remaining bytes (position unchanged) must be exactly the leaf.
     *
     * @throws BaoVerificationException when the bytes do not hash to the expected chaining value
     */
    void acceptLeaf(ByteBuffer data) throws BaoVerificationException {
        if (!current || parent) {
            throw new IllegalStateException("the current node is not a leaf");
        }
        if (data.remaining() != streamLength()) {
            throw new IllegalArgumentException("leaf has " + streamLength() + " bytes, got " + data.remaining());
        }
        TreeHash.subtreeCv(backend, data, start, root, actual);
        if (!MessageDigest.isEqual(actual, cv)) {
            throw new BaoVerificationException("data at bytes [" + byteStart() + ", " + byteEnd()
                    + ") does not match its hash", byteStart(), byteEnd());
        }
        leafDone();
    }

    /** Takes the current leaf as already verified by {@link #verifyBatch}. */
    void acceptVerifiedLeaf() {
        if (!current || parent) {
            throw new IllegalStateException("the current node is not a leaf");
        }
        leafDone();
    }

    private void leafDone() {
        current = false;
        if (start + chunks == chunkCount) {
            lastChunkVerified = true;
        }
    }

    private void push(long nodeStart, long nodeChunks, long nodeIndex, byte[] nodeCv) {
        if (depth == stackStart.length) {
            int n = depth * 2;
            stackStart = Arrays.copyOf(stackStart, n);
            stackChunks = Arrays.copyOf(stackChunks, n);
            stackIndex = Arrays.copyOf(stackIndex, n);
            stackCv = Arrays.copyOf(stackCv, n * TreeHash.CV_LEN);
        }
        stackStart[depth] = nodeStart;
        stackChunks[depth] = nodeChunks;
        stackIndex[depth] = nodeIndex;
        System.arraycopy(nodeCv, 0, stackCv, depth * TreeHash.CV_LEN, TreeHash.CV_LEN);
        depth++;
    }
}
