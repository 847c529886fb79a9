package io.objsync.bao;

import io.objsync.internal.Limits;
import io.objsync.internal.java.JavaBlake3;
import io.objsync.spi.Backend;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The hashing the BAO code needs, on a given backend: subtree chaining values (leaves and chunk groups) and
 * parent nodes. Heap buffers larger than {@link Limits#MAX_CRITICAL_BYTES} are split along the tree so no
 * backend call pins more than that much of the heap.
 */
final class TreeHash {

    static final int CV_LEN = 32;
    static final int PAIR_LEN = 64;

    private TreeHash() {
    }

    /**
     * The chaining value of the subtree made of {@code data}'s remaining bytes (position unchanged), whose first
     * chunk is {@code startChunk}; the root hash when {@code root}. The bytes must form a whole subtree of the
     * BLAKE3 tree: a power-of-two number of chunks, or the tail of the blob.
     */
    static void subtreeCv(Backend backend, ByteBuffer data, long startChunk, boolean root, byte[] out) {
        int len = data.remaining();
        if (data.isDirect() || len <= Limits.MAX_CRITICAL_BYTES) {
            backend.blake3SubtreeCv(null, 0, data, startChunk, root, out);
            return;
        }
        int leftLen = (int) JavaBlake3.leftSubtreeLen(len);
        byte[] left = new byte[CV_LEN];
        byte[] right = new byte[CV_LEN];
        int p = data.position();
        subtreeCv(backend, data.duplicate().limit(p + leftLen), startChunk, false, left);
        subtreeCv(backend, data.duplicate().position(p + leftLen), startChunk + leftLen / ChunkRanges.CHUNK_LEN,
                false, right);
        parentCv(left, right, root, out);
    }

    /** The chaining value of the parent over two child chaining values (one compression). */
    static void parentCv(byte[] left, byte[] right, boolean root, byte[] out) {
        JavaBlake3.parentCv(null, 0, left, right, root, out);
    }

    /** Whether the 64-byte pair at {@code pair[off]} hashes to {@code expected}; on success fills left and right. */
    static boolean pairMatches(byte[] pair, int off, boolean root, byte[] expected, byte[] left, byte[] right) {
        System.arraycopy(pair, off, left, 0, CV_LEN);
        System.arraycopy(pair, off + CV_LEN, right, 0, CV_LEN);
        byte[] actual = new byte[CV_LEN];
        parentCv(left, right, root, actual);
        return MessageDigest.isEqual(actual, expected);
    }
}
