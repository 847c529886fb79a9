package io.objsync.bao;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes an {@link Outboard} from bytes handed over in any split, so that a blob can be hashed while it is
 * being written somewhere else, without a second read. Created by {@link Outboard.Builder#stream()}; the result
 * equals {@link Outboard#compute(byte[])} of the concatenated input. Not thread-safe.
 *
 * <p>Input is hashed in pieces of a few MiB (whole subtrees of the BLAKE3 tree): in place when a whole piece
 * arrives at a piece boundary, else collected in a direct buffer first. The parents above the pieces are hashed
 * by {@link #finish()}. Memory: the piece plus the outboard so far (1/256 of the input).
 */
public final class OutboardStream {

    private final OutboardComputer computer;
    private final int pieceBytes;
    private final ByteBuffer piece;
    private final List<byte[]> cvs = new ArrayList<>();
    private final List<byte[]> pieceOutboards = new ArrayList<>();
    private long hashed;
    private boolean finished;

    OutboardStream(OutboardComputer computer) {
        this.computer = computer;
        this.pieceBytes = computer.streamPieceBytes();
        this.piece = ByteBuffer.allocateDirect(pieceBytes);
    }

    /**
     * Adds {@code src}'s remaining bytes and advances its position past them. Whole pieces arriving at a piece
     * boundary are hashed in place, without a copy.
     */
    public OutboardStream update(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        checkOpen();
        while (src.hasRemaining()) {
            int p = src.position();
            if (piece.position() == 0 && src.remaining() >= pieceBytes) {
                hashPiece(src.slice(p, pieceBytes));
                src.position(p + pieceBytes);
                continue;
            }
            int n = Math.min(piece.remaining(), src.remaining());
            piece.put(src.slice(p, n));
            src.position(p + n);
            if (!piece.hasRemaining()) {
                hashPiece(piece.flip());
                piece.clear();
            }
        }
        return this;
    }

    /** Adds {@code len} bytes of {@code b} from {@code off}. */
    public OutboardStream update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b").length);
        return update(ByteBuffer.wrap(b, off, len));
    }

    /** Bytes added so far. */
    public long size() {
        return hashed + piece.position();
    }

    /**
     * The outboard (and so the root hash) of everything added; the stream cannot be used afterwards.
     *
     * @throws IllegalStateException when already finished
     */
    public Outboard finish() {
        checkOpen();
        finished = true;
        if (piece.position() > 0 || cvs.isEmpty()) {
            boolean root = cvs.isEmpty();
            byte[] cv = new byte[TreeHash.CV_LEN];
            pieceOutboards.add(computer.hashPiece(piece.flip(), hashed / ChunkRanges.CHUNK_LEN, root, cv));
            cvs.add(cv);
            hashed += piece.limit();
        } else if (cvs.size() == 1) {
            // Exactly one full piece, hashed before it was known to be the whole blob: the root is its top
            // pair (children's values never carry the root flag) compressed as root.
            byte[] pair = pieceOutboards.get(0);
            byte[] left = java.util.Arrays.copyOfRange(pair, 0, TreeHash.CV_LEN);
            byte[] right = java.util.Arrays.copyOfRange(pair, TreeHash.CV_LEN, TreeHash.PAIR_LEN);
            TreeHash.parentCv(left, right, true, cvs.get(0));
        }
        return computer.assemble(hashed, pieceBytes, cvs, pieceOutboards);
    }

    /** A full piece: never the root (a piece of more than one group has a pair above its halves). */
    private void hashPiece(ByteBuffer data) {
        byte[] cv = new byte[TreeHash.CV_LEN];
        pieceOutboards.add(computer.hashPiece(data, hashed / ChunkRanges.CHUNK_LEN, false, cv));
        cvs.add(cv);
        hashed += pieceBytes;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the outboard stream is finished");
        }
    }
}
