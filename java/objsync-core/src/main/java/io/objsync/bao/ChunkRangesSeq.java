package io.objsync.bao;

import io.objsync.internal.Varint;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chunk ranges for each blob of a request: index 0 is the requested blob (or hash sequence), index {@code i}
 * is child {@code i - 1} of a hash sequence. Immutable.
 *
 * <p>Stored run-length encoded, as iroh-blobs' {@code ChunkRangesSeq}: a list of (first index, ranges), each
 * entry applying from its index until the next entry; the last entry's ranges apply to every later index,
 * so a sequence that ends on non-empty ranges is infinite. Entries are kept canonical: increasing indices,
 * no entry equal to the one before it, no leading empty entry.
 *
 * <p>Wire form (postcard): a varint count, then per entry a varint index delta (from the previous entry's
 * index, the first from 0) and a {@code RangeSpec} (see {@link ChunkRanges}). For example
 * {@link #blob()} is {@code 02 00 01 00 01 00} and {@link #all()} is {@code 01 00 01 00}.
 */
public final class ChunkRangesSeq {

    private static final ChunkRangesSeq EMPTY = new ChunkRangesSeq(new long[0], new ChunkRanges[0]);

    private final long[] starts;
    private final ChunkRanges[] ranges;

    private ChunkRangesSeq(long[] starts, ChunkRanges[] ranges) {
        this.starts = starts;
        this.ranges = ranges;
    }

    /** Nothing of any blob. */
    public static ChunkRangesSeq empty() {
        return EMPTY;
    }

    /** Every chunk of every blob: the blob or hash sequence and all its children. */
    public static ChunkRangesSeq all() {
        return ofInfinite(List.of(ChunkRanges.all()));
    }

    /** The whole of blob 0 and nothing else. */
    public static ChunkRangesSeq blob() {
        return of(List.of(ChunkRanges.all()));
    }

    /** The last chunk of blob 0 only: a proof of its size. */
    public static ChunkRangesSeq verifiedSize() {
        return of(List.of(ChunkRanges.lastChunk()));
    }

    /** Ranges for the blobs at indices {@code 0 .. list.size()-1}, nothing after them. */
    public static ChunkRangesSeq of(List<ChunkRanges> list) {
        return build(0, list, false);
    }

    /**
     * Ranges for the blobs at indices {@code first .. first+list.size()-1}, nothing before or after them: one
     * window of a hash sequence's children, without a list entry per index before it.
     *
     * @throws IllegalArgumentException when {@code first} is negative
     */
    public static ChunkRangesSeq of(long first, List<ChunkRanges> list) {
        if (first < 0) {
            throw new IllegalArgumentException("negative first index " + first);
        }
        return build(first, list, false);
    }

    /** Ranges for the blobs at indices {@code 0 .. list.size()-1}, the last ranges repeating for every later index. */
    public static ChunkRangesSeq ofInfinite(List<ChunkRanges> list) {
        return build(0, list, true);
    }

    private static ChunkRangesSeq build(long first, List<ChunkRanges> list, boolean infinite) {
        Builder b = new Builder(list.size() + 1);
        long i = first;
        for (ChunkRanges r : list) {
            b.put(i++, r);
        }
        if (!infinite) {
            b.put(i, ChunkRanges.empty());
        }
        return b.build();
    }

    /** The ranges for blob {@code index} (unsigned). */
    public ChunkRanges get(long index) {
        // last entry whose start <= index
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], index) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? ChunkRanges.empty() : ranges[lo - 1];
    }

    /** True when infinitely many blobs have non-empty ranges (the last entry is not empty). */
    public boolean isInfinite() {
        return ranges.length > 0 && !ranges[ranges.length - 1].isEmpty();
    }

    /** True when no blob has any chunk selected. */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** The postcard bytes of iroh-blobs' {@code ChunkRangesSeq}. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + 4 * starts.length);
        Varint.write(starts.length, out);
        long prev = 0;
        for (int i = 0; i < starts.length; i++) {
            Varint.write(starts[i] - prev, out);
            ranges[i].writeRangeSpec(out);
            prev = starts[i];
        }
        return out.toByteArray();
    }

    /**
     * Reads one {@code ChunkRangesSeq} at {@code in}'s position and advances past it. Non-canonical input
     * (repeated entries, zero deltas) is accepted and canonicalized; a later entry for the same index wins.
     *
     * @throws BaoException when the bytes end early, are malformed, or the indices add up past 2^64-1
     */
    public static ChunkRangesSeq decode(ByteBuffer in) throws BaoException {
        int start = in.position();
        try {
            long count = Varint.read(in);
            // Every entry takes at least two bytes.
            if (Long.compareUnsigned(count, in.remaining() / 2) > 0) {
                throw new BaoException("ChunkRangesSeq claims " + Long.toUnsignedString(count)
                        + " entries but only " + in.remaining() + " bytes follow", start);
            }
            Builder b = new Builder((int) count);
            long index = 0;
            for (int i = 0; i < count; i++) {
                long delta = Varint.read(in);
                long next = index + delta;
                if (Long.compareUnsigned(next, index) < 0) {
                    throw new BaoException("ChunkRangesSeq indices add up past 2^64-1", start);
                }
                index = next;
                b.put(index, ChunkRanges.decodeRangeSpec(in));
            }
            return b.build();
        } catch (BufferUnderflowException e) {
            throw new BaoException("ChunkRangesSeq ends early", start);
        } catch (IllegalArgumentException e) {
            throw new BaoException("malformed varint in ChunkRangesSeq: " + e.getMessage(), start);
        }
    }

    /** Collects entries in increasing index order and drops those that change nothing. */
    private static final class Builder {
        private final List<Long> starts;
        private final List<ChunkRanges> ranges;

        Builder(int capacity) {
            starts = new ArrayList<>(capacity);
            ranges = new ArrayList<>(capacity);
        }

        void put(long index, ChunkRanges r) {
            int n = starts.size();
            if (n > 0 && starts.get(n - 1) == index) {
                starts.remove(n - 1);
                ranges.remove(n - 1);
                n--;
            }
            ChunkRanges previous = n == 0 ? ChunkRanges.empty() : ranges.get(n - 1);
            if (!previous.equals(r)) {
                starts.add(index);
                ranges.add(r);
            }
        }

        ChunkRangesSeq build() {
            if (starts.isEmpty()) {
                return EMPTY;
            }
            long[] s = new long[starts.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = starts.get(i);
            }
            return new ChunkRangesSeq(s, ranges.toArray(new ChunkRanges[0]));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkRangesSeq && Arrays.equals(starts, ((ChunkRangesSeq) o).starts)
                && Arrays.equals(ranges, ((ChunkRangesSeq) o).ranges);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ranges);
    }

    /** E.g. {@code [0: {0..}, 1: {}]}: each entry's first index and ranges. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < starts.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Long.toUnsignedString(starts[i])).append(": ").append(ranges[i]);
        }
        return sb.append(']').toString();
    }
}
