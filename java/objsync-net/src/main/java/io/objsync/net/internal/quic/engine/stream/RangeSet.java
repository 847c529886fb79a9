package io.objsync.net.internal.quic.engine.stream;

import java.util.Arrays;

/**
 * A set of disjoint half-open ranges {@code [start, end)} of stream offsets, kept sorted and merged (touching ranges
 * become one) in two parallel {@code long} arrays, so that its size is the number of gaps, never the number of
 * frames or bytes that made it. Not thread-safe: one connection thread owns it.
 */
final class RangeSet {

    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int count;

    /** Whether the set holds no range. */
    boolean isEmpty() {
        return count == 0;
    }

    /** How many disjoint ranges the set holds. */
    int size() {
        return count;
    }

    /** The start of range {@code i} in offset order. */
    long start(int i) {
        return starts[i];
    }

    /** The end (exclusive) of range {@code i} in offset order. */
    long end(int i) {
        return ends[i];
    }

    /** Adds {@code [start, end)}, merging it with every range it overlaps or touches. */
    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        int first = firstEndingAtOrAfter(start); // the first range that could touch the new one
        int last = first;
        while (last < count && starts[last] <= end) {
            last++;
        }
        if (first == last) {
            insertAt(first, start, end);
            return;
        }
        starts[first] = Math.min(start, starts[first]);
        ends[first] = Math.max(end, ends[last - 1]);
        removeRanges(first + 1, last);
    }

    /** Adds {@code [start, end)} except the parts that {@code excluded} holds. */
    void addExcept(long start, long end, RangeSet excluded) {
        long from = start;
        for (int i = excluded.firstEndingAfter(start); i < excluded.count && excluded.starts[i] < end; i++) {
            add(from, excluded.starts[i]);
            from = Math.max(from, excluded.ends[i]);
        }
        add(from, end);
    }

    /** Removes {@code [start, end)}, splitting a range that holds it strictly inside. */
    void remove(long start, long end) {
        if (start >= end) {
            return;
        }
        int i = firstEndingAfter(start);
        if (i < count && starts[i] < start && ends[i] > end) { // strictly inside one range: split it
            long tail = ends[i];
            ends[i] = start;
            insertAt(i + 1, end, tail);
            return;
        }
        if (i < count && starts[i] < start) { // keep the head of a range the removal starts inside
            ends[i] = start;
            i++;
        }
        int j = i;
        while (j < count && ends[j] <= end) {
            j++;
        }
        if (j < count && starts[j] < end) { // keep the tail of a range the removal ends inside
            starts[j] = end;
        }
        removeRanges(i, j);
    }

    /** Removes every offset below {@code offset}. */
    void removeBelow(long offset) {
        if (count > 0) {
            remove(Math.min(starts[0], offset), offset);
        }
    }

    /** Whether every offset of {@code [start, end)} is in the set. */
    boolean contains(long start, long end) {
        if (start >= end) {
            return true;
        }
        int i = firstEndingAfter(start);
        return i < count && starts[i] <= start && ends[i] >= end;
    }

    /** Empties the set, keeping its arrays. */
    void clear() {
        count = 0;
    }

    /** The index of the first range whose end is above {@code offset} (or {@code count}). */
    private int firstEndingAfter(long offset) {
        return search(offset + 1);
    }

    /** The index of the first range whose end is at or above {@code offset} (or {@code count}). */
    private int firstEndingAtOrAfter(long offset) {
        return search(offset);
    }

    /** Binary search: the first index whose end is at least {@code atLeast}. */
    private int search(long atLeast) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] < atLeast) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insertAt(int i, long start, long end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, count - i);
        System.arraycopy(ends, i, ends, i + 1, count - i);
        starts[i] = start;
        ends[i] = end;
        count++;
    }

    /** Removes the ranges at indexes {@code [from, to)}. */
    private void removeRanges(int from, int to) {
        if (from >= to) {
            return;
        }
        System.arraycopy(starts, to, starts, from, count - to);
        System.arraycopy(ends, to, ends, from, count - to);
        count -= to - from;
    }
}
