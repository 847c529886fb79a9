package io.objsync.benchmarks;

import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random input, so every run and every implementation hashes the same bytes. Content does
 * not change BLAKE3's speed; it makes accidental sharing of results between inputs impossible.
 */
final class TestData {

    private static final long SEED = 0x6f626a73796e63L; // "objsync"

    private TestData() {
    }

    /** A new array of {@code size} pseudo-random bytes. */
    static byte[] bytes(int size) {
        byte[] out = new byte[size];
        fill(new SplittableRandom(SEED), out, size);
        return out;
    }

    /**
     * A new array of {@code size} pseudo-random bytes of a stream of its own for each {@code purpose} (a key, a
     * nonce, the i-th message), so inputs of different purposes never share bytes.
     */
    static byte[] bytes(String purpose, int size) {
        byte[] out = new byte[size];
        fill(new SplittableRandom(SEED ^ ((long) purpose.hashCode() << 16)), out, size);
        return out;
    }

    /** A generator for {@link #fill} that yields the same stream as {@link #bytes(int)}. */
    static SplittableRandom stream() {
        return new SplittableRandom(SEED);
    }

    /**
     * Fills {@code buf[0, len)} with the next bytes of {@code random}'s stream; consecutive calls continue the
     * stream exactly when every {@code len} but the last is a multiple of 8.
     */
    static void fill(SplittableRandom random, byte[] buf, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8; b++) {
                buf[i + b] = (byte) (v >>> (8 * b));
            }
        }
        if (i < len) {
            long v = random.nextLong();
            for (; i < len; i++, v >>>= 8) {
                buf[i] = (byte) v;
            }
        }
    }
}
