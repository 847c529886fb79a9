package io.objsync.internal.java;

import static io.objsync.internal.java.JavaBlake3.BLOCK_LEN;
import static io.objsync.internal.java.JavaBlake3.CHUNK_LEN;
import static io.objsync.internal.java.JavaBlake3.OUT_LEN;
import static io.objsync.internal.java.JavaBlake3.compress;
import static io.objsync.internal.java.JavaBlake3.fullChunkCv;
import static io.objsync.internal.java.JavaBlake3.storeCv;

import io.objsync.spi.Blake3Flags;
import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Pure-Java streaming BLAKE3 state: the current chunk plus a stack of the chaining values of completed
 * subtrees, merged as soon as a subtree is complete. A chunk (or block) is only finished once more input
 * arrives after it, because the last one may turn out to be the root.
 *
 * <p>The state may start at any chunk index: it then hashes a subtree whose shape is that of an input of the
 * same length (used for subtree chaining values and outboard groups). Not thread-safe; no allocation per
 * block or chunk.
 */
final class JavaBlake3State implements Blake3State {

    /** A 2^64-byte input has at most 2^54 chunks, so at most 54 pending subtrees. */
    private static final int MAX_DEPTH = 54;
    /** Direct buffers are copied through this much heap at a time (a multiple of a chunk). */
    private static final int SCRATCH_LEN = 4 * CHUNK_LEN;

    private final int[] key;
    private final int flags;
    private long firstChunk;

    private final int[] cv = new int[8];
    private final byte[] block = new byte[BLOCK_LEN];
    private int blockLen;
    private int blocksCompressed;
    private long chunkCounter;

    /** Chaining values of pending subtrees, 32 bytes each, so that two neighbours form one parent block. */
    private byte[] stack;
    private int stackLen;
    private final int[] words = new int[8];
    private byte[] scratch;

    JavaBlake3State(byte[] key, int flags) {
        this(key, flags, 0);
    }

    /** A state whose first chunk has index {@code firstChunk}. */
    JavaBlake3State(byte[] key, int flags, long firstChunk) {
        this.key = JavaBlake3.keyWords(key);
        this.flags = flags;
        restart(firstChunk);
    }

    private JavaBlake3State(JavaBlake3State o) {
        this.key = o.key;
        this.flags = o.flags;
        this.firstChunk = o.firstChunk;
        System.arraycopy(o.cv, 0, cv, 0, 8);
        System.arraycopy(o.block, 0, block, 0, BLOCK_LEN);
        this.blockLen = o.blockLen;
        this.blocksCompressed = o.blocksCompressed;
        this.chunkCounter = o.chunkCounter;
        this.stack = o.stack == null ? null : o.stack.clone();
        this.stackLen = o.stackLen;
    }

    /** Empties the state and makes {@code firstChunk} the index of the next chunk. */
    void restart(long firstChunk) {
        this.firstChunk = firstChunk;
        System.arraycopy(key, 0, cv, 0, 8);
        blockLen = 0;
        blocksCompressed = 0;
        chunkCounter = firstChunk;
        stackLen = 0;
    }

    private int chunkLen() {
        return blocksCompressed * BLOCK_LEN + blockLen;
    }

    private int startFlag() {
        return blocksCompressed == 0 ? Blake3Flags.CHUNK_START : 0;
    }

    @Override
    public void update(byte[] in, int off, int len) {
        while (len > 0) {
            if (chunkLen() == CHUNK_LEN) {
                // The buffered chunk is complete and more input follows, so it is not the root.
                compress(cv, block, 0, chunkCounter, BLOCK_LEN, flags | Blake3Flags.CHUNK_END, cv, false);
                pushChunk(cv);
            }
            if (blocksCompressed == 0 && blockLen == 0 && len > CHUNK_LEN) {
                // Whole chunks straight from the input; the last chunk always stays buffered.
                fullChunkCv(key, flags, in, off, chunkCounter, cv);
                pushChunk(cv);
                off += CHUNK_LEN;
                len -= CHUNK_LEN;
                continue;
            }
            if (blockLen == BLOCK_LEN) {
                // More input follows and the chunk is not full, so this is neither the chunk's last block nor the root.
                compress(cv, block, 0, chunkCounter, BLOCK_LEN, flags | startFlag(), cv, false);
                blocksCompressed++;
                blockLen = 0;
            }
            if (blockLen == 0) {
                while (len > BLOCK_LEN && blocksCompressed < CHUNK_LEN / BLOCK_LEN - 1) {
                    compress(cv, in, off, chunkCounter, BLOCK_LEN, flags | startFlag(), cv, false);
                    blocksCompressed++;
                    off += BLOCK_LEN;
                    len -= BLOCK_LEN;
                }
            }
            int take = Math.min(BLOCK_LEN - blockLen, len);
            System.arraycopy(in, off, block, blockLen, take);
            blockLen += take;
            off += take;
            len -= take;
        }
    }

    @Override
    public void update(ByteBuffer in) {
        update(in, in.position(), in.remaining());
    }

    /** Absorbs {@code in[index, index+len)} by absolute index; the buffer's position is unchanged. */
    void update(ByteBuffer in, int index, int len) {
        if (in.hasArray()) {
            update(in.array(), in.arrayOffset() + index, len);
            return;
        }
        if (scratch == null || scratch.length < Math.min(SCRATCH_LEN, len)) {
            scratch = new byte[Math.min(SCRATCH_LEN, Math.max(len, BLOCK_LEN))];
        }
        while (len > 0) {
            int n = Math.min(scratch.length, len);
            in.get(index, scratch, 0, n);
            update(scratch, 0, n);
            index += n;
            len -= n;
        }
    }

    /** Pushes the chaining value of the finished current chunk, merging every subtree it completes. */
    private void pushChunk(int[] chunkCv) {
        if (stack == null) {
            stack = new byte[MAX_DEPTH * OUT_LEN];
        }
        storeCv(chunkCv, stack, stackLen * OUT_LEN);
        stackLen++;
        // The number of chunks so far has one trailing zero bit per completed subtree of two neighbours.
        long total = chunkCounter - firstChunk + 1;
        while ((total & 1) == 0) {
            int left = (stackLen - 2) * OUT_LEN;
            compress(key, stack, left, 0, BLOCK_LEN, flags | Blake3Flags.PARENT, words, false);
            storeCv(words, stack, left);
            stackLen--;
            total >>>= 1;
        }
        chunkCounter++;
        System.arraycopy(key, 0, cv, 0, 8);
        blocksCompressed = 0;
        blockLen = 0;
    }

    /**
     * Reduces the pending state to its top node (the current chunk merged with every pending subtree except the
     * leftmost one) and returns its compression inputs in {@code node}, {@code nodeBlock}; the state is unchanged.
     *
     * @return the top node's flags and block length as {@code flags | blockLen << 16}; its counter is
     *         {@link #chunkCounter} when the stack is empty, else 0
     */
    private int topNode(int[] node, byte[] nodeBlock) {
        Arrays.fill(block, blockLen, BLOCK_LEN, (byte) 0);
        int chunkFlags = flags | startFlag() | Blake3Flags.CHUNK_END;
        if (stackLen == 0) {
            System.arraycopy(cv, 0, node, 0, 8);
            System.arraycopy(block, 0, nodeBlock, 0, BLOCK_LEN);
            return chunkFlags | blockLen << 16;
        }
        compress(cv, block, 0, chunkCounter, blockLen, chunkFlags, node, false);
        for (int i = stackLen - 1; i >= 0; i--) {
            System.arraycopy(stack, i * OUT_LEN, nodeBlock, 0, OUT_LEN);
            storeCv(node, nodeBlock, OUT_LEN);
            if (i > 0) {
                compress(key, nodeBlock, 0, 0, BLOCK_LEN, flags | Blake3Flags.PARENT, node, false);
            }
        }
        System.arraycopy(key, 0, node, 0, 8);
        return flags | Blake3Flags.PARENT | BLOCK_LEN << 16;
    }

    @Override
    public void finalizeXof(long seek, byte[] out, int off, int len) {
        int[] node = new int[8];
        byte[] nodeBlock = new byte[BLOCK_LEN];
        int top = topNode(node, nodeBlock);
        JavaBlake3.rootOutput(node, nodeBlock, 0, top >>> 16, top & 0xFFFF, seek, out, off, len);
    }

    /**
     * Writes the chaining value of everything absorbed since the first chunk into {@code out[off, off+32)};
     * with {@code root} the root hash instead (the first chunk must then be chunk 0).
     */
    void finalizeNode(boolean root, byte[] out, int off) {
        if (root) {
            finalizeXof(0, out, off, OUT_LEN);
            return;
        }
        int[] node = new int[8];
        byte[] nodeBlock = new byte[BLOCK_LEN];
        int top = topNode(node, nodeBlock);
        long counter = stackLen == 0 ? chunkCounter : 0;
        compress(node, nodeBlock, 0, counter, top >>> 16, top & 0xFFFF, node, false);
        storeCv(node, out, off);
    }

    @Override
    public void reset() {
        restart(firstChunk);
    }

    @Override
    public Blake3State copy() {
        return new JavaBlake3State(this);
    }

    @Override
    public void close() {
        // Nothing to free: heap only.
    }
}
