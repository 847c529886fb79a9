package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;

import java.util.Arrays;

/**
 * One stream's incoming bytes (RFC 9000 sections 2.2, 3.2, 4): STREAM frames arrive in any order, overlapping or
 * repeated, and leave as one contiguous byte sequence for the reader. It enforces the stream's flow-control limit
 * and the final-size rules, and decides when to raise the limit (MAX_STREAM_DATA).
 *
 * <p>Bytes live in fixed-size chunks held in a ring that spans the flow-control window, each with a bitmap of the
 * offsets received beyond the contiguous prefix; so memory is bounded by the window whatever the peer's frame sizes,
 * and a fully read chunk is recycled rather than reallocated. Not thread-safe: one connection thread owns it; the
 * engine adds blocking around it.
 */
public final class ReceiveBuffer {

    /**
     * What a RESET_STREAM did to connection-level flow control: {@code newlyCounted} bytes now count against our
     * limit (the final size beyond the highest offset seen), and {@code released} bytes (received or not, but never
     * to be read) count as consumed.
     */
    public record ResetCredit(long newlyCounted, long released) {
    }

    /** The largest window a buffer takes: its ring of chunk slots is sized by it. */
    public static final long MAX_WINDOW = 1L << 30;

    private static final int CHUNK_SHIFT = 14;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    /**
     * Released chunks kept for reuse, each saving a 16 KiB allocation. Chunks are made only when none is kept, so
     * the ring and the spares together never hold more chunks than the ring has slots: the memory bound stands.
     */
    private static final int MAX_SPARES = 16;
    private static final int WORDS = CHUNK_SIZE / 64;
    private static final long STREAM = 0x08;
    private static final long RESET_STREAM = 0x04;
    private static final ResetCredit NOTHING = new ResetCredit(0, 0);

    /** One chunk of the stream: its bytes and which of them arrived (meaningful at or beyond the prefix only). */
    private static final class Chunk {
        final byte[] data = new byte[CHUNK_SIZE];
        final long[] received = new long[WORDS];
        long number;
        /** Whether any bit of {@code received} is set: chunks filled in order never need their bitmap cleared. */
        boolean marked;
    }

    private final ReceiveCredit credit;
    private final long maxWindow;
    private Chunk[] ring;
    /** Chunks the reader is done with, for new data to reuse (a read may finish several chunks at once). */
    private final Chunk[] spares = new Chunk[MAX_SPARES];
    private int spareCount;
    private long readOffset;
    private long contiguousEnd;
    private long finalSize = -1;
    private boolean reset;
    private long resetErrorCode;

    /**
     * A buffer whose first flow-control limit, and window, is {@code window} bytes (our
     * initial_max_stream_data transport parameter for this kind of stream).
     */
    public ReceiveBuffer(long window) {
        this(window, window);
    }

    /**
     * A buffer starting with a {@code window} that {@link #maxStreamDataUpdate(long, long)} may double up to
     * {@code maxWindow} (at most {@link #MAX_WINDOW}) when the reader keeps up with more.
     */
    public ReceiveBuffer(long window, long maxWindow) {
        if (window < 0 || window > MAX_WINDOW || maxWindow < window || maxWindow > MAX_WINDOW) {
            throw new IllegalArgumentException("window " + window + ", at most " + maxWindow);
        }
        this.credit = ReceiveCredit.forBytes(window);
        this.maxWindow = maxWindow;
        this.ring = new Chunk[slotsFor(window)];
    }

    /**
     * Stores the STREAM frame data {@code src[off, off + len)} found at stream {@code offset}; {@code fin} says the
     * frame ended the stream. Bytes already received or already read are dropped; bytes after a reset are only
     * checked and counted.
     *
     * @return how many bytes this frame newly counted against connection-level flow control (how far it raised the
     *     highest offset seen), for {@link FlowControl#onDataReceived}
     * @throws QuicTransportException FLOW_CONTROL_ERROR beyond our limit; FINAL_SIZE_ERROR for data beyond the final
     *     size, or a FIN that changes the final size or puts it below bytes already received; FRAME_ENCODING_ERROR
     *     for an end offset above 2^62-1 (RFC 9000 section 19.8)
     */
    public long receive(long offset, byte[] src, int off, int len, boolean fin) throws QuicTransportException {
        long end = offset + len;
        if (offset < 0 || len < 0 || end > ReceiveCredit.MAX_VARINT) {
            throw new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, STREAM,
                    "stream data at " + offset + " of length " + len + " ends beyond 2^62-1");
        }
        checkFinalSize(end, fin, STREAM);
        long counted = credit.useUpTo(end, STREAM);
        if (fin) {
            finalSize = end;
        }
        if (!reset && end > contiguousEnd) {
            long from = Math.max(offset, contiguousEnd);
            store(from, src, off + (int) (from - offset), (int) (end - from));
        }
        return counted;
    }

    /**
     * Reads up to {@code len} contiguous bytes into {@code dst[off, ...)}.
     *
     * @return the number of bytes read, 0 when none are available yet, -1 at the end of a finished stream
     * @throws StreamResetException once the peer reset the stream
     */
    public int read(byte[] dst, int off, int len) throws StreamResetException {
        if (reset) {
            throw new StreamResetException(resetErrorCode);
        }
        long available = contiguousEnd - readOffset;
        if (available == 0) {
            return readOffset == finalSize ? -1 : 0;
        }
        int n = (int) Math.min(len, available);
        int done = 0;
        while (done < n) {
            Chunk chunk = ring[slot(readOffset >>> CHUNK_SHIFT)];
            int at = (int) (readOffset & CHUNK_MASK);
            int piece = Math.min(n - done, CHUNK_SIZE - at);
            System.arraycopy(chunk.data, at, dst, off + done, piece);
            done += piece;
            readOffset += piece;
            if (at + piece == CHUNK_SIZE || readOffset == finalSize) {
                release(chunk);
            }
        }
        credit.consume(n);
        return n;
    }

    /** How many contiguous bytes a read can return now (0 after a reset). */
    public long available() {
        return reset ? 0 : contiguousEnd - readOffset;
    }

    /** Whether the reader has read everything up to the final size: reads return -1. */
    public boolean isFinished() {
        return !reset && readOffset == finalSize;
    }

    /** Whether nothing at all arrived on the stream: no byte, no FIN, no reset. */
    public boolean nothingReceived() {
        return credit.highest() == 0 && finalSize < 0 && !reset;
    }

    /** Whether the peer reset the stream before we read all of it. */
    public boolean isReset() {
        return reset;
    }

    /** Whether the final size is known (a FIN or RESET_STREAM arrived): no more MAX_STREAM_DATA is due. */
    public boolean isFinalSizeKnown() {
        return finalSize >= 0;
    }

    /**
     * Takes the peer's RESET_STREAM: the unread bytes are dropped and readers see {@link StreamResetException}. A
     * reset after the reader has read everything up to a FIN, or a repeated one, changes nothing.
     *
     * @return what the reset did to connection-level flow control
     * @throws QuicTransportException FINAL_SIZE_ERROR when {@code finalSize} differs from a known final size or is
     *     below bytes already received; FLOW_CONTROL_ERROR when it is beyond our limit
     */
    public ResetCredit onReset(long finalSize, long errorCode) throws QuicTransportException {
        if (finalSize < 0 || finalSize > ReceiveCredit.MAX_VARINT) {
            throw new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, RESET_STREAM,
                    "final size " + finalSize);
        }
        checkFinalSize(finalSize, true, RESET_STREAM);
        long counted = credit.useUpTo(finalSize, RESET_STREAM);
        boolean alreadyEnded = reset || isFinished(); // RFC 9000 section 3.2: "Data Read" and "Reset Read" are final
        this.finalSize = finalSize;
        if (alreadyEnded) {
            return counted == 0 ? NOTHING : new ResetCredit(counted, 0);
        }
        reset = true;
        resetErrorCode = errorCode;
        long released = finalSize - readOffset;
        Arrays.fill(ring, null);
        dropSpares();
        return new ResetCredit(counted, released);
    }

    /**
     * The new limit for a MAX_STREAM_DATA frame once the reader consumed more than half the window since the last
     * one, else -1 (always -1 once the final size is known, RFC 9000 section 3.2). Returning a limit counts it as
     * advertised.
     */
    public long maxStreamDataUpdate() {
        return finalSize >= 0 ? -1 : credit.update();
    }

    /**
     * Like {@link #maxStreamDataUpdate()}, with auto-tuning: when the previous update was less than two round trips
     * ({@code rttNanos}, the smoothed RTT) before {@code nowNanos}, the window doubles first, up to the maximum
     * given at construction, because then the window rather than the reader limits the stream's throughput.
     */
    public long maxStreamDataUpdate(long nowNanos, long rttNanos) {
        if (finalSize >= 0) {
            return -1;
        }
        long before = credit.window();
        long update = credit.update(nowNanos, rttNanos, maxWindow);
        if (credit.window() != before) {
            resizeRing();
        }
        return update;
    }

    /** The current window: what the limit runs ahead of the bytes read. */
    public long window() {
        return credit.window();
    }

    /** The limit last advertised, which a lost MAX_STREAM_DATA frame should repeat. */
    public long limit() {
        return credit.limit();
    }

    /** Grows the window (never shrinks it, never beyond {@link #MAX_WINDOW}); later updates advertise it. */
    public void growWindow(long window) {
        long bounded = Math.min(window, MAX_WINDOW);
        if (bounded <= credit.window()) {
            return;
        }
        credit.growWindow(bounded);
        resizeRing();
    }

    /** Gives the ring enough slots for the current window, keeping each chunk in its new slot. */
    private void resizeRing() {
        Chunk[] grown = new Chunk[slotsFor(credit.window())];
        for (Chunk chunk : ring) {
            if (chunk != null) {
                grown[(int) (chunk.number % grown.length)] = chunk;
            }
        }
        ring = grown;
    }

    /** How many chunks the buffer holds now, spares included: what tests check its memory bound with. */
    int chunksHeld() {
        int held = spareCount;
        for (Chunk chunk : ring) {
            held += chunk != null ? 1 : 0;
        }
        return held;
    }

    /** The most chunks a window of {@code window} bytes can make a buffer hold, spares included. */
    static int maxChunks(long window) {
        return slotsFor(window) + 1;
    }

    /**
     * The final-size rules of RFC 9000 section 4.5 for data ending at {@code end} (with FIN or not): nothing beyond
     * a known final size, and a FIN may not move it or land below bytes already received.
     */
    private void checkFinalSize(long end, boolean fin, long frameType) throws QuicTransportException {
        if (finalSize >= 0) {
            if (end > finalSize || (fin && end != finalSize)) {
                throw finalSizeError(frameType, "offset " + end + (fin ? " as final size" : "")
                        + " against the known final size " + finalSize);
            }
        } else if (fin && end < credit.highest()) {
            throw finalSizeError(frameType, "final size " + end + " below received offset " + credit.highest());
        }
    }

    private static QuicTransportException finalSizeError(long frameType, String reason) {
        return new QuicTransportException(QuicTransportException.FINAL_SIZE_ERROR, frameType, reason);
    }

    /** Copies new bytes at {@code offset} (at or beyond the contiguous prefix) into their chunks. */
    private void store(long offset, byte[] src, int off, int len) {
        boolean extendsPrefix = offset == contiguousEnd;
        long at = offset;
        int done = 0;
        while (done < len) {
            Chunk chunk = chunkFor(at >>> CHUNK_SHIFT);
            int inChunk = (int) (at & CHUNK_MASK);
            int piece = Math.min(len - done, CHUNK_SIZE - inChunk);
            System.arraycopy(src, off + done, chunk.data, inChunk, piece);
            if (!extendsPrefix) {
                chunk.marked = true;
                markReceived(chunk.received, inChunk, inChunk + piece);
            }
            done += piece;
            at += piece;
        }
        if (extendsPrefix) {
            contiguousEnd = at;
            advancePrefix();
        }
    }

    /** Moves the contiguous prefix over bytes that arrived earlier out of order. */
    private void advancePrefix() {
        while (contiguousEnd < credit.highest()) {
            Chunk chunk = ring[slot(contiguousEnd >>> CHUNK_SHIFT)];
            if (chunk == null || chunk.number != contiguousEnd >>> CHUNK_SHIFT) {
                return;
            }
            int inChunk = (int) (contiguousEnd & CHUNK_MASK);
            int missing = firstMissing(chunk.received, inChunk);
            contiguousEnd += missing - inChunk;
            if (missing < CHUNK_SIZE) {
                return;
            }
        }
    }

    /** The chunk for chunk {@code number}, taken from the spares or allocated when none is kept. */
    private Chunk chunkFor(long number) {
        int slot = slot(number);
        Chunk chunk = ring[slot];
        if (chunk == null) {
            if (spareCount > 0) {
                chunk = spares[--spareCount];
                spares[spareCount] = null;
            } else {
                chunk = new Chunk();
            }
            if (chunk.marked) {
                Arrays.fill(chunk.received, 0);
                chunk.marked = false;
            }
            chunk.number = number;
            ring[slot] = chunk;
        }
        return chunk;
    }

    /** Drops a chunk the reader is done with, keeping it for reuse unless the stream has ended. */
    private void release(Chunk chunk) {
        ring[slot(chunk.number)] = null;
        if (readOffset == finalSize) {
            dropSpares(); // nothing more arrives: the memory goes back now, not when the stream is forgotten
        } else if (spareCount < MAX_SPARES) {
            spares[spareCount++] = chunk;
        }
    }

    private void dropSpares() {
        Arrays.fill(spares, 0, spareCount, null);
        spareCount = 0;
    }

    private int slot(long chunkNumber) {
        return (int) (chunkNumber % ring.length);
    }

    /** Enough slots for every chunk between the read offset and the limit, at most window + read offset apart. */
    private static int slotsFor(long window) {
        return (int) (window >>> CHUNK_SHIFT) + 2;
    }

    /** Sets bits {@code [from, to)} of {@code bits}. */
    private static void markReceived(long[] bits, int from, int to) {
        int first = from >>> 6;
        int last = (to - 1) >>> 6;
        long head = -1L << (from & 63);
        long tail = -1L >>> (63 - ((to - 1) & 63));
        if (first == last) {
            bits[first] |= head & tail;
            return;
        }
        bits[first] |= head;
        Arrays.fill(bits, first + 1, last, -1L);
        bits[last] |= tail;
    }

    /** The first clear bit of {@code bits} at or after {@code from}, or {@link #CHUNK_SIZE} when none is. */
    private static int firstMissing(long[] bits, int from) {
        int word = from >>> 6;
        long clear = ~bits[word] & (-1L << (from & 63));
        while (clear == 0) {
            if (++word == WORDS) {
                return CHUNK_SIZE;
            }
            clear = ~bits[word];
        }
        return (word << 6) + Long.numberOfTrailingZeros(clear);
    }
}
