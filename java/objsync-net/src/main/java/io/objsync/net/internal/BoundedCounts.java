package io.objsync.net.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts held per key under a bound, dropping a key at zero so idle keys cost no memory. */
final class BoundedCounts<K> {

    private final Map<K, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one for {@code key}, or returns false when it already holds {@code max}. */
    boolean tryAcquire(K key, int max) {
        boolean[] ok = {false};
        counts.compute(key, (k, v) -> {
            int c = v == null ? 0 : v;
            ok[0] = c < max;
            return ok[0] ? c + 1 : v;
        });
        return ok[0];
    }

    /** Uncounts one for {@code key}. */
    void release(K key) {
        counts.computeIfPresent(key, (k, v) -> v <= 1 ? null : v - 1);
    }
}
