package io.objsync.net.internal.quic.engine.stream;

/**
 * One stream's outgoing bytes (RFC 9000 sections 2.2, 3.1, 13.3): the application writes into a bounded ring; the
 * packetizer takes chunks, lost ranges first and then new data within the stream's flow-control limit; the engine
 * reports each chunk acknowledged or lost. The acknowledged prefix frees ring space for new writes; acknowledged
 * and lost ranges are kept as compact range sets, so bookkeeping grows with the number of gaps, not of frames.
 *
 * <p>Taking a chunk is allocation-free: {@link #nextChunk} picks it and marks it in flight, {@link #chunkOffset()},
 * {@link #chunkLength()} and {@link #chunkFin()} describe it, {@link #copyTo} copies its bytes into the packet. Not
 * thread-safe: one connection thread owns it; the engine blocks writers while {@link #write} returns 0.
 */
public final class SendBuffer {

    private static final int FIRST_RING = 4096;

    private final int capacity;
    private byte[] ring = new byte[0];
    private int head;
    private long acknowledged;
    private long written;
    private long sent;
    private final RangeSet acked = new RangeSet();
    private final RangeSet lost = new RangeSet();
    private boolean finished;
    private boolean finSent;
    private boolean finAcked;
    private boolean finLost;
    private boolean reset;

    private long chunkOffset;
    private int chunkLength;
    private boolean chunkFin;
    private int chunkNewBytes;

    /** A buffer that holds at most {@code capacity} written but unacknowledged bytes. */
    public SendBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Takes as much of {@code src[off, off + len)} as fits and returns how much that was (0 when full).
     *
     * @throws IllegalStateException after {@link #finish()} or {@link #reset()}
     */
    public int write(byte[] src, int off, int len) {
        if (finished || reset) {
            throw new IllegalStateException(reset ? "stream reset" : "stream finished");
        }
        int n = Math.min(len, writable());
        if (n <= 0) {
            return 0;
        }
        ensureRing((int) (written - acknowledged) + n);
        int at = ringIndex(written);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(src, off, ring, at, first);
        System.arraycopy(src, off + first, ring, 0, n - first);
        written += n;
        return n;
    }

    /** How many bytes a write can take now. */
    public int writable() {
        return finished || reset ? 0 : capacity - (int) (written - acknowledged);
    }

    /** Ends the stream after the bytes written so far: the final size is fixed, a chunk will carry FIN. */
    public void finish() {
        finished = true;
    }

    /**
     * Picks the next chunk to send, at most {@code maxBytes} long: a lost range first (retransmission, which needs
     * no new credit), else new bytes below {@code flowLimit}, the stream offset up to which flow control lets us
     * send (the smaller of the stream's limit and {@link #sendOffset()} plus the connection's credit). A chunk
     * that ends the stream carries FIN, and a lost FIN alone is resent as an empty chunk. The chunk counts as in
     * flight from here on.
     *
     * @return whether there is a chunk; its description is then in the {@code chunk*} accessors
     */
    public boolean nextChunk(int maxBytes, long flowLimit) {
        if (reset) {
            return false;
        }
        if (!lost.isEmpty()) {
            if (maxBytes <= 0) {
                return false;
            }
            long start = lost.start(0);
            long end = Math.min(lost.end(0), start + maxBytes);
            lost.remove(start, end);
            return take(start, end, finished && end == written && !finAcked, 0);
        }
        if (finLost) {
            return take(written, written, true, 0);
        }
        long end = Math.min(Math.min(written, flowLimit), sent + Math.max(0, maxBytes));
        if (end > sent) {
            int fresh = (int) (end - sent);
            sent = end;
            return take(end - fresh, end, finished && end == written, fresh);
        }
        if (finished && !finSent && sent == written) {
            return take(written, written, true, 0);
        }
        return false;
    }

    /**
     * The stream offset the next {@link #nextChunk} starts at (a lost range's start, or the first byte not yet
     * sent), so the caller can size the frame header before asking.
     */
    public long nextChunkOffset() {
        if (!lost.isEmpty()) {
            return lost.start(0);
        }
        return finLost ? written : sent;
    }

    /** The stream offset of the chunk {@link #nextChunk} picked. */
    public long chunkOffset() {
        return chunkOffset;
    }

    /** The length of the chunk {@link #nextChunk} picked (0 for a FIN alone). */
    public int chunkLength() {
        return chunkLength;
    }

    /** Whether the chunk {@link #nextChunk} picked carries FIN. */
    public boolean chunkFin() {
        return chunkFin;
    }

    /** How many bytes of the picked chunk are new, and so use flow-control credit (0 for a retransmission). */
    public int chunkNewBytes() {
        return chunkNewBytes;
    }

    /**
     * Copies the stream bytes {@code [offset, offset + len)}, written and not yet acknowledged, to {@code dst[off,
     * ...)}.
     */
    public void copyTo(long offset, byte[] dst, int off, int len) {
        if (offset < acknowledged || offset + len > written || len < 0) {
            throw new IndexOutOfBoundsException("[" + offset + ", " + (offset + len) + ") outside the buffered ["
                    + acknowledged + ", " + written + ")");
        }
        if (len == 0) {
            return; // a FIN alone, possibly of a stream that never buffered a byte
        }
        int at = ringIndex(offset);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(ring, at, dst, off, first);
        System.arraycopy(ring, 0, dst, off + first, len - first);
    }

    /** The peer acknowledged a chunk: its bytes are never resent, and an acknowledged prefix frees ring space. */
    public void onAcked(long offset, int len, boolean fin) {
        long end = offset + len;
        lost.remove(offset, end);
        if (end > acknowledged) {
            acked.add(Math.max(offset, acknowledged), end);
        }
        if (fin) {
            finAcked = true;
            finLost = false;
        }
        if (!acked.isEmpty() && acked.start(0) == acknowledged) {
            long freedUpTo = acked.end(0);
            acked.removeBelow(freedUpTo);
            if (ring.length > 0) {
                head = ringIndex(freedUpTo);
            }
            acknowledged = freedUpTo;
        }
    }

    /**
     * A chunk was declared lost: the parts of it not acknowledged meanwhile (a loss can be spurious) are resent
     * before new data, and so is its FIN unless that was acknowledged. Nothing is resent after a reset.
     */
    public void onLost(long offset, int len, boolean fin) {
        if (reset) {
            return;
        }
        long end = offset + len;
        if (end > acknowledged) {
            lost.addExcept(Math.max(offset, acknowledged), end, acked);
        }
        if (fin && !finAcked) {
            finLost = true;
        }
    }

    /** Whether every byte and the FIN were acknowledged: the sending part of the stream is done. */
    public boolean allAcked() {
        return finished && finAcked && acknowledged == written;
    }

    /**
     * Abandons the stream for RESET_STREAM: nothing more is sent or resent, and the buffered bytes are dropped.
     *
     * @return the final size for the RESET_STREAM frame: the highest offset ever sent, all that the peer counted
     */
    public long reset() {
        reset = true;
        lost.clear();
        acked.clear();
        ring = new byte[0];
        head = 0;
        return sent;
    }

    /** Whether {@link #reset()} was called. */
    public boolean isReset() {
        return reset;
    }

    /** The offset where new data starts: every byte below it was sent at least once. */
    public long sendOffset() {
        return sent;
    }

    /** How many bytes were written in total; after {@link #finish()}, the final size. */
    public long writtenBytes() {
        return written;
    }

    /**
     * Whether {@link #nextChunk} would return a chunk with this {@code flowLimit}; when it would not only for lack
     * of credit ({@code sendOffset() < writtenBytes()}), the engine reports the stream or connection blocked.
     */
    public boolean hasChunk(long flowLimit) {
        return !reset && (!lost.isEmpty() || finLost || sent < Math.min(written, flowLimit)
                || (finished && !finSent && sent == written));
    }

    private boolean take(long start, long end, boolean fin, int fresh) {
        chunkOffset = start;
        chunkLength = (int) (end - start);
        chunkFin = fin;
        chunkNewBytes = fresh;
        if (fin) {
            finSent = true;
            finLost = false;
        }
        return true;
    }

    private int ringIndex(long offset) {
        return (int) ((head + (offset - acknowledged)) % ring.length);
    }

    /** Grows the ring (doubling, up to the capacity) until it holds {@code needed} bytes. */
    private void ensureRing(int needed) {
        if (needed <= ring.length) {
            return;
        }
        int size = Math.max(Math.max(needed, FIRST_RING), (int) Math.min(capacity, 2L * ring.length));
        byte[] grown = new byte[Math.min(size, capacity)];
        int buffered = (int) (written - acknowledged);
        if (buffered > 0) {
            copyTo(acknowledged, grown, 0, buffered);
        }
        ring = grown;
        head = 0;
    }
}
