package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.internal.Limits;
import io.objsync.internal.Workers;
import io.objsync.spi.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes pre-order outboards. The blob is cut into pieces of a power-of-two number of groups, each a whole
 * subtree of the BLAKE3 tree; each piece goes to the backend in one call (its part of the outboard and its
 * chaining value), and the few parents above the pieces are hashed here. In pre-order a node's outboard is
 * [pair][left subtree's outboard][right subtree's outboard], and each part's length follows from its byte
 * count, so every piece's slot is known up front and pieces can be hashed on several threads.
 *
 * <p>Heap input goes to the backend at most {@link Limits#MAX_CRITICAL_BYTES} at a time; direct and mapped
 * memory in large pieces.
 */
final class OutboardComputer {

    /** The most bytes of a file mapped at once, and the largest piece of direct memory per backend call. */
    static final int MAX_DIRECT_PIECE = 1 << 30;
    /** The smallest piece worth a task of its own when splitting direct memory among threads. */
    static final int MIN_PARALLEL_PIECE = 1 << 20;

    private final Backend backend;
    private final int blockLog;
    private final int groupBytes;
    private final int threads;
    private final int fixedPieceBytes;

    /** @param pieceBytes a fixed piece size (a power of two), or 0 to choose by the kind of memory */
    OutboardComputer(Backend backend, int blockLog, int threads, int pieceBytes) {
        this.backend = backend;
        this.blockLog = blockLog;
        this.groupBytes = ChunkRanges.CHUNK_LEN << blockLog;
        this.threads = threads;
        this.fixedPieceBytes = pieceBytes;
    }

    /** Reads a piece's bytes: {@code len} bytes of the blob from {@code offset}. */
    private interface PieceSource {
        ByteBuffer piece(long offset, int len) throws IOException;
    }

    Outboard compute(ByteBuffer data) {
        ByteBuffer view = data.slice();
        int pieceBytes = data.isDirect() ? directPieceBytes(view.capacity()) : heapPieceBytes();
        try {
            return compute(view.capacity(), pieceBytes,
                    (offset, len) -> view.duplicate().position((int) offset).limit((int) offset + len));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // unreachable: memory reads do not fail
        }
    }

    Outboard compute(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return compute(size, directPieceBytes(size), (offset, len) -> len == 0
                    ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, offset, len));
        }
    }

    /**
     * The length is unknown until the end, so pieces are hashed as they arrive (a piece is known not to be the
     * whole blob once the next byte exists) and laid out once the size is known.
     */
    Outboard compute(InputStream in) throws IOException {
        int pieceBytes = heapPieceBytes();
        List<byte[]> cvs = new ArrayList<>();
        List<byte[]> pieceOutboards = new ArrayList<>();
        byte[] current = new byte[pieceBytes];
        byte[] next = new byte[pieceBytes];
        int currentLen = readFully(in, current);
        long size = 0;
        while (true) {
            int nextLen = currentLen == pieceBytes ? readFully(in, next) : 0;
            boolean last = nextLen == 0;
            boolean root = last && cvs.isEmpty();
            long startChunk = size / ChunkRanges.CHUNK_LEN;
            byte[] cv = new byte[TreeHash.CV_LEN];
            pieceOutboards.add(hashPiece(ByteBuffer.wrap(current, 0, currentLen), startChunk, root, cv));
            cvs.add(cv);
            size += currentLen;
            if (last) {
                break;
            }
            byte[] t = current;
            current = next;
            next = t;
            currentLen = nextLen;
        }
        return assemble(size, pieceBytes, cvs, pieceOutboards);
    }

    /** Lays out pieces hashed one after another (each but the last exactly {@code pieceBytes}) as one outboard. */
    Outboard assemble(long size, int pieceBytes, List<byte[]> cvs, List<byte[]> pieceOutboards) {
        byte[] outboard = allocate(size);
        Layout layout = new Layout(size, pieceBytes, cvs.size());
        byte[] rootCv = cvs.size() == 1 ? cvs.get(0) : layout.combine(cvs.toArray(new byte[0][]), outboard);
        for (int i = 0; i < pieceOutboards.size(); i++) {
            byte[] ob = pieceOutboards.get(i);
            System.arraycopy(ob, 0, outboard, (int) layout.slot(i), ob.length);
        }
        return new Outboard(Hash.of(rootCv), size, blockLog, ByteBuffer.wrap(outboard));
    }

    /** Hashes one piece of a blob: its outboard part (returned) and its chaining value (into {@code cv}). */
    byte[] hashPiece(ByteBuffer data, long startChunk, boolean root, byte[] cv) {
        byte[] ob = new byte[(int) Outboard.sizeOf(data.remaining(), blockLog)];
        hashPiece(data, startChunk, root, ByteBuffer.wrap(ob), cv);
        return ob;
    }

    private Outboard compute(long size, int pieceBytes, PieceSource source) throws IOException {
        byte[] outboard = allocate(size);
        int count = (int) Math.max(1, (size - 1) / pieceBytes + 1);
        if (count == 1) {
            byte[] cv = new byte[TreeHash.CV_LEN];
            hashPiece(source.piece(0, (int) size), 0, true, ByteBuffer.wrap(outboard), cv);
            return new Outboard(Hash.of(cv), size, blockLog, ByteBuffer.wrap(outboard));
        }
        Layout layout = new Layout(size, pieceBytes, count);
        byte[][] cvs = new byte[count][TreeHash.CV_LEN];
        try {
            Workers.run(count, threads, i -> {
                long offset = (long) i * pieceBytes;
                int len = (int) Math.min(pieceBytes, size - offset);
                int slot = (int) layout.slot(i);
                ByteBuffer ob = ByteBuffer.wrap(outboard, slot, (int) Outboard.sizeOf(len, blockLog)).slice();
                try {
                    hashPiece(source.piece(offset, len), offset / ChunkRanges.CHUNK_LEN, false, ob, cvs[i]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        byte[] rootCv = layout.combine(cvs, outboard);
        return new Outboard(Hash.of(rootCv), size, blockLog, ByteBuffer.wrap(outboard));
    }

    /** One piece: its outboard into {@code ob} (exactly its length) and its chaining value into {@code cv}. */
    private void hashPiece(ByteBuffer data, long startChunk, boolean root, ByteBuffer ob, byte[] cv) {
        if (data.remaining() > groupBytes) {
            backend.baoOutboard(data, startChunk, blockLog, root, ob, cv);
        } else {
            TreeHash.subtreeCv(backend, data, startChunk, root, cv);
        }
    }

    /** Heap pieces: at most the pinning limit, but never less than a group (a group is hashed as one subtree). */
    private int heapPieceBytes() {
        if (fixedPieceBytes > 0) {
            return Math.max(Math.min(fixedPieceBytes, Limits.MAX_CRITICAL_BYTES), groupBytes);
        }
        return Math.max(Limits.MAX_CRITICAL_BYTES, groupBytes);
    }

    /**
     * Pieces of an {@link OutboardStream}: direct memory, so not bound by the pinning limit; at least two groups,
     * so a piece always has a pair at its top.
     */
    int streamPieceBytes() {
        return Math.max(fixedPieceBytes > 0 ? fixedPieceBytes : 4 << 20, 2 * groupBytes);
    }

    /** Direct or mapped pieces: one large piece per thread-share, a power of two between the bounds. */
    private int directPieceBytes(long size) {
        if (fixedPieceBytes > 0) {
            return Math.max(fixedPieceBytes, groupBytes);
        }
        long share = threads == 1 ? MAX_DIRECT_PIECE : Math.max(MIN_PARALLEL_PIECE, size / (4L * threads));
        long piece = Long.highestOneBit(Math.min(share, MAX_DIRECT_PIECE));
        return (int) Math.max(piece, groupBytes);
    }

    private byte[] allocate(long size) {
        long len = Outboard.sizeOf(size, blockLog);
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the outboard of " + size + " bytes with blockLog " + blockLog
                    + " would take " + len + " bytes, more than an array holds; use a larger blockLog");
        }
        return new byte[(int) len];
    }

    /**
     * Where pieces and the parents above them go in the pre-order outboard, for {@code count > 1} pieces of
     * {@code pieceBytes} (the last may be shorter). The parents above pieces split by the same rule as the
     * BLAKE3 tree: with pieces of a power-of-two number of chunks, the largest power-of-two number of chunks
     * leaving a byte on the right is the largest power-of-two number of pieces below the count.
     */
    private final class Layout {
        private final long size;
        private final long pieceBytes;
        private final long[] slots;

        Layout(long size, long pieceBytes, int count) {
            this.size = size;
            this.pieceBytes = pieceBytes;
            this.slots = new long[count];
            place(0, count, 0);
        }

        long slot(int piece) {
            return slots[piece];
        }

        private long bytes(long fromPiece, long toPiece) {
            return Math.min(toPiece * pieceBytes, size) - fromPiece * pieceBytes;
        }

        private void place(int from, int to, long at) {
            if (to - from == 1) {
                slots[from] = at;
                return;
            }
            int half = Integer.highestOneBit(to - from - 1);
            place(from, from + half, at + TreeHash.PAIR_LEN);
            place(from + half, to, at + TreeHash.PAIR_LEN + Outboard.sizeOf(bytes(from, from + half), blockLog));
        }

        /** Hashes the parents above the pieces, writes their pairs, returns the root hash. */
        byte[] combine(byte[][] cvs, byte[] outboard) {
            return combine(cvs, outboard, 0, cvs.length, 0);
        }

        private byte[] combine(byte[][] cvs, byte[] outboard, int from, int to, long at) {
            if (to - from == 1) {
                return cvs[from];
            }
            int half = Integer.highestOneBit(to - from - 1);
            byte[] left = combine(cvs, outboard, from, from + half, at + TreeHash.PAIR_LEN);
            byte[] right = combine(cvs, outboard, from + half, to,
                    at + TreeHash.PAIR_LEN + Outboard.sizeOf(bytes(from, from + half), blockLog));
            System.arraycopy(left, 0, outboard, (int) at, TreeHash.CV_LEN);
            System.arraycopy(right, 0, outboard, (int) at + TreeHash.CV_LEN, TreeHash.CV_LEN);
            byte[] cv = new byte[TreeHash.CV_LEN];
            TreeHash.parentCv(left, right, from == 0 && to == slots.length, cv);
            return cv;
        }
    }

    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
