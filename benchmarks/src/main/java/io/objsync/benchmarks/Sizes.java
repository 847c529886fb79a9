package io.objsync.benchmarks;

import java.util.Locale;

/**
 * Sizes as the benchmarks' parameters spell them ({@code 64B}, {@code 16KiB}, {@code 64MiB}, {@code 1GiB}), so
 * JMH's result files and the report read the same labels; {@code benchmarks/report.py} parses them the same way.
 */
final class Sizes {

    private Sizes() {
    }

    /** The bytes in {@code label}: digits followed by B, KiB, MiB or GiB (or nothing, meaning bytes). */
    static long parse(String label) {
        String s = label.trim();
        int digits = 0;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a size: '" + label + "'");
        }
        long n = Long.parseLong(s.substring(0, digits));
        String unit = s.substring(digits).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "", "b" -> 0;
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> throw new IllegalArgumentException("unknown unit in size '" + label + "'");
        };
        return n << shift;
    }

    /** As {@link #parse(String)}, for sizes that must fit one Java array. */
    static int parseArraySize(String label) {
        long n = parse(label);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(label + " does not fit in one array; use a file input");
        }
        return (int) n;
    }
}
