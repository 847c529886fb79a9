package io.objsync.docs.sync;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A range of record identifiers ({@code namespace ‖ author ‖ key}) in byte order: {@code [x, y)} when
 * {@code x < y}, everything from {@code x} on plus everything below {@code y} when {@code x > y} (it wraps
 * around), and the whole set when {@code x == y}. Immutable.
 */
public final class Range {
    private final byte[] x;
    private final byte[] y;

    private Range(byte[] x, byte[] y) {
        this.x = x;
        this.y = y;
    }

    /** The range from {@code x} to {@code y} (both copied). */
    public static Range of(byte[] x, byte[] y) {
        return new Range(x.clone(), y.clone());
    }

    static Range wrap(byte[] x, byte[] y) {
        return new Range(x, y);
    }

    /** A copy of the lower bound. */
    public byte[] x() {
        return x.clone();
    }

    /** A copy of the upper bound. */
    public byte[] y() {
        return y.clone();
    }

    byte[] rawX() {
        return x;
    }

    byte[] rawY() {
        return y;
    }

    /** True for the whole set ({@code x == y}). */
    public boolean isAll() {
        return Arrays.equals(x, y);
    }

    /** True when the range holds {@code id}. */
    public boolean contains(byte[] id) {
        int c = Arrays.compareUnsigned(x, y);
        if (c == 0) {
            return true;
        }
        boolean aboveX = Arrays.compareUnsigned(id, x) >= 0;
        boolean belowY = Arrays.compareUnsigned(id, y) < 0;
        return c < 0 ? aboveX && belowY : aboveX || belowY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range r && Arrays.equals(r.x, x) && Arrays.equals(r.y, y);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(x) * 31 + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        HexFormat h = HexFormat.of();
        return "Range[" + h.formatHex(x, Math.min(64, x.length), x.length) + "…, "
                + h.formatHex(y, Math.min(64, y.length), y.length) + "…)";
    }
}
