package io.objsync.bao;

import io.objsync.internal.Varint;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable set of 1 KiB chunk numbers, held as sorted, disjoint, non-adjacent half-open ranges
 * {@code [start, end)}; the last range may be unbounded ("to the end"). This is what a BAO request asks for.
 *
 * <p>Chunk numbers are unsigned 64-bit values: a negative {@code long} stands for a number at or above 2^63,
 * so {@code -1} is 2^64-1, the number iroh uses to ask for the last chunk ({@link #lastChunk()}).
 *
 * <p>Against a blob of a given size, every chunk number at or past the blob's last chunk selects the last
 * chunk: that is how a request for a range beyond the end, or for {@link #lastChunk()}, proves the blob's
 * size (see {@link BaoDecoder}).
 *
 * <p>Wire form: {@link #encodeRangeSpec()} writes iroh-blobs' {@code RangeSpec} (postcard), a varint list of
 * alternating run widths starting with a not-selected run: {@code [2, 5, 3, 1]} selects chunks 2..7 and
 * 10..11, {@code [0]} everything, {@code []} nothing; an odd count leaves the last run open to the end.
 */
public final class ChunkRanges {

    /** Bytes per chunk. */
    public static final int CHUNK_LEN = 1024;

    private static final long[] NONE = new long[0];
    private static final ChunkRanges EMPTY = new ChunkRanges(NONE);
    private static final ChunkRanges ALL = new ChunkRanges(new long[] {0});
    private static final ChunkRanges LAST = new ChunkRanges(new long[] {-1L});

    /** Toggle points in increasing unsigned order: the set switches in or out at each; odd length = open end. */
    private final long[] boundaries;

    private ChunkRanges(long[] boundaries) {
        this.boundaries = boundaries;
    }

    /** The empty set. */
    public static ChunkRanges empty() {
        return EMPTY;
    }

    /** Every chunk. */
    public static ChunkRanges all() {
        return ALL;
    }

    /** The chunks {@code [start, end)} (unsigned); empty when they are equal. */
    public static ChunkRanges of(long start, long end) {
        int c = Long.compareUnsigned(start, end);
        if (c > 0) {
            throw new IllegalArgumentException("start " + Long.toUnsignedString(start) + " is after end "
                    + Long.toUnsignedString(end));
        }
        return c == 0 ? EMPTY : new ChunkRanges(new long[] {start, end});
    }

    /** Every chunk from {@code start} (unsigned) to the end. */
    public static ChunkRanges from(long start) {
        return start == 0 ? ALL : new ChunkRanges(new long[] {start});
    }

    /** The single chunk {@code index} (unsigned); for 2^64-1 that is {@link #lastChunk()}. */
    public static ChunkRanges chunk(long index) {
        return index == -1L ? LAST : new ChunkRanges(new long[] {index, index + 1});
    }

    /**
     * The chunk numbered 2^64-1 and up: against any blob it selects the last chunk, whose verification
     * proves the blob's size.
     */
    public static ChunkRanges lastChunk() {
        return LAST;
    }

    /**
     * The chunks covering the bytes {@code [start, end)}: from the chunk holding {@code start} to the chunk
     * holding {@code end - 1}. Empty when {@code start == end}.
     *
     * @throws IllegalArgumentException when {@code start} is negative or after {@code end}
     */
    public static ChunkRanges fromByteRange(long start, long end) {
        if (start < 0 || start > end) {
            throw new IllegalArgumentException("invalid byte range [" + start + ", " + end + ")");
        }
        if (start == end) {
            return EMPTY;
        }
        // end + 1023 may pass 2^63 but stays below 2^64, so the unsigned shift is exact.
        return of(start >>> 10, (end + CHUNK_LEN - 1) >>> 10);
    }

    /**
     * The set with the given toggle points: selected from {@code b[0]} to {@code b[1]}, from {@code b[2]}
     * to {@code b[3]}, ..., and from the last point to the end when the count is odd.
     *
     * @throws IllegalArgumentException unless the points strictly increase (unsigned)
     */
    public static ChunkRanges fromBoundaries(long... b) {
        for (int i = 1; i < b.length; i++) {
            if (Long.compareUnsigned(b[i - 1], b[i]) >= 0) {
                throw new IllegalArgumentException("boundaries must strictly increase: " + Arrays.toString(b));
            }
        }
        return b.length == 0 ? EMPTY : new ChunkRanges(b.clone());
    }

    /** The toggle points (see {@link #fromBoundaries}), a fresh copy. */
    public long[] boundaries() {
        return boundaries.clone();
    }

    /** True when no chunk is selected. */
    public boolean isEmpty() {
        return boundaries.length == 0;
    }

    /** True when every chunk is selected. */
    public boolean isAll() {
        return boundaries.length == 1 && boundaries[0] == 0;
    }

    /** True when the last range runs to the end (there is no largest selected chunk). */
    public boolean isUnbounded() {
        return (boundaries.length & 1) == 1;
    }

    /** Whether chunk {@code index} (unsigned) is selected. */
    public boolean contains(long index) {
        return (countAtOrBelow(index) & 1) == 1;
    }

    /** Chunks in this set or in {@code other}. */
    public ChunkRanges union(ChunkRanges other) {
        return combine(other, Op.UNION);
    }

    /** Chunks in both sets. */
    public ChunkRanges intersection(ChunkRanges other) {
        return combine(other, Op.INTERSECTION);
    }

    /** Chunks in this set but not in {@code other}. */
    public ChunkRanges difference(ChunkRanges other) {
        return combine(other, Op.DIFFERENCE);
    }

    /** Whether the two sets share a chunk. */
    public boolean intersects(ChunkRanges other) {
        return !intersection(other).isEmpty();
    }

    // ---- wire form ------------------------------------------------------------------------------------

    /** iroh-blobs' {@code RangeSpec} in postcard: a varint count, then the run widths as varints. */
    public byte[] encodeRangeSpec() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + boundaries.length * 2);
        writeRangeSpec(out);
        return out.toByteArray();
    }

    void writeRangeSpec(ByteArrayOutputStream out) {
        Varint.write(boundaries.length, out);
        long prev = 0;
        for (long b : boundaries) {
            Varint.write(b - prev, out);
            prev = b;
        }
    }

    /**
     * Reads one {@code RangeSpec} at {@code in}'s position and advances past it. Zero-width runs are
     * accepted and merged away, as the reference does.
     *
     * @throws BaoException when the bytes end early, a varint is malformed or the widths add up past 2^64-1
     */
    public static ChunkRanges decodeRangeSpec(ByteBuffer in) throws BaoException {
        int start = in.position();
        try {
            long count = Varint.read(in);
            // Every width takes at least one byte: a larger count cannot be honest (and must not size an array).
            if (Long.compareUnsigned(count, in.remaining()) > 0) {
                throw new BaoException("RangeSpec claims " + Long.toUnsignedString(count) + " widths but only "
                        + in.remaining() + " bytes follow", start);
            }
            long[] out = new long[(int) count];
            int n = 0;
            long pos = 0;
            for (int i = 0; i < count; i++) {
                long width = Varint.read(in);
                long next = pos + width;
                if (Long.compareUnsigned(next, pos) < 0) {
                    throw new BaoException("RangeSpec widths add up past 2^64-1", start);
                }
                pos = next;
                // Equal neighbours cancel: an empty run between them changes nothing.
                if (n > 0 && out[n - 1] == pos) {
                    n--;
                } else {
                    out[n++] = pos;
                }
            }
            return n == 0 ? EMPTY : new ChunkRanges(Arrays.copyOf(out, n));
        } catch (BufferUnderflowException e) {
            throw new BaoException("RangeSpec ends early", start);
        } catch (IllegalArgumentException e) {
            throw new BaoException("malformed varint in RangeSpec: " + e.getMessage(), start);
        }
    }

    // ---- tree walk helpers (chunk numbers below 2^63) -----------------------------------------------

    /**
     * This set as seen by a blob of {@code chunkCount} chunks (at least 1): chunks before the last one as they
     * are, and the last chunk onwards selected exactly when the set selects anything at or past the last
     * chunk. After this, range checks on {@code [s, e)} with {@code e <= chunkCount} are exact.
     */
    ChunkRanges truncateTo(long chunkCount) {
        long last = chunkCount - 1;
        ChunkRanges head = intersection(of(0, last));
        boolean tail = contains(last) || countAtOrBelow(last) < boundaries.length;
        return tail ? head.union(from(last)) : head;
    }

    /** Whether some chunk of {@code [start, end)} is selected; {@code start < end}. */
    boolean intersects(long start, long end) {
        int atStart = countAtOrBelow(start);
        return (atStart & 1) == 1 || countAtOrBelow(end - 1) > atStart;
    }

    /** Whether every chunk of {@code [start, end)} is selected; {@code start < end}. */
    boolean covers(long start, long end) {
        int atStart = countAtOrBelow(start);
        return (atStart & 1) == 1 && countAtOrBelow(end - 1) == atStart;
    }

    /** The number of toggle points at or below {@code x} (unsigned). */
    private int countAtOrBelow(long x) {
        int lo = 0;
        int hi = boundaries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(boundaries[mid], x) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private enum Op {
        UNION, INTERSECTION, DIFFERENCE;

        boolean apply(boolean a, boolean b) {
            switch (this) {
                case UNION:
                    return a || b;
                case INTERSECTION:
                    return a && b;
                default:
                    return a && !b;
            }
        }
    }

    /** Sweeps both toggle lists in order and records where the combined membership changes. */
    private ChunkRanges combine(ChunkRanges other, Op op) {
        long[] a = boundaries;
        long[] b = other.boundaries;
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        boolean inA = false;
        boolean inB = false;
        boolean in = false;
        while (i < a.length || j < b.length) {
            long x = j >= b.length || (i < a.length && Long.compareUnsigned(a[i], b[j]) <= 0) ? a[i] : b[j];
            if (i < a.length && a[i] == x) {
                inA = !inA;
                i++;
            }
            if (j < b.length && b[j] == x) {
                inB = !inB;
                j++;
            }
            boolean r = op.apply(inA, inB);
            if (r != in) {
                out[n++] = x;
                in = r;
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        return new ChunkRanges(n == out.length ? out : Arrays.copyOf(out, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkRanges && Arrays.equals(boundaries, ((ChunkRanges) o).boundaries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(boundaries);
    }

    /** E.g. {@code {2..7, 10..}}: half-open ranges of unsigned chunk numbers, an open end as {@code n..}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < boundaries.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Long.toUnsignedString(boundaries[i])).append("..");
            if (i + 1 < boundaries.length) {
                sb.append(Long.toUnsignedString(boundaries[i + 1]));
            }
        }
        return sb.append('}').toString();
    }
}
