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
 * <p>Input collects in one direct piece of a few MiB (a whole subtree of the BLAKE3 tree); a full piece is
 * hashed once the next byte arrives (only then is it known not to be the whole blob), and the parents above the
 * pieces are hashed by {@link #finish()}. Memory: the piece plus the outboard so far (1/256 of the input).
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

    /** Adds {@code src}'s remaining bytes and advances its position past them. */
    public OutboardStream update(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        checkOpen();
        while (src.hasRemaining()) {
            if (!piece.hasRemaining()) {
                hashPiece(false);
            }
            int n = Math.min(piece.remaining(), src.remaining());
            int p = src.position();
            piece.put(src.duplicate().limit(p + n));
            src.position(p + n);
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
        hashPiece(cvs.isEmpty());
        finished = true;
        return computer.assemble(hashed, pieceBytes, cvs, pieceOutboards);
    }

    private void hashPiece(boolean root) {
        piece.flip();
        int len = piece.remaining();
        byte[] cv = new byte[TreeHash.CV_LEN];
        pieceOutboards.add(computer.hashPiece(piece, hashed / ChunkRanges.CHUNK_LEN, root, cv));
        cvs.add(cv);
        hashed += len;
        piece.clear();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the outboard stream is finished");
        }
    }
}
