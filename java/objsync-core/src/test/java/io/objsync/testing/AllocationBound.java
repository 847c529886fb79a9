package io.objsync.testing;

import java.lang.management.ManagementFactory;

/**
 * Checks that a parser of untrusted bytes allocates no more than a stated bound, measured as the bytes the
 * current thread allocated on the heap (HotSpot's per-thread counter, JDK 17 and later). A forged length that
 * sized an array before the bytes arrived shows up here even when the heap is large enough to survive it.
 * Bounds keep about 1 MiB for fixed costs (exception stack traces: up to ~200 KiB seen on JDK 17), far below
 * what a forged length of a 1 KiB input would take.
 */
public final class AllocationBound {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Work that may throw anything. */
    public interface Action {
        void run() throws Exception;
    }

    private AllocationBound() {
    }

    /**
     * Runs {@code action} and fails if it allocated more than {@code bound} bytes; exceptions from the action
     * pass through unchanged. A run over the bound is repeated once and only the repeat counts: a first run
     * also pays for loading classes, and when fuzzing for Jazzer instrumenting them on this thread (over
     * 100 MB for a ticket's first parse), which says nothing about the input. So {@code action} must be
     * repeatable: it makes its own streams and state.
     */
    public static void check(long bound, String what, Action action) throws Exception {
        long[] used = new long[1];
        Exception thrown = run(action, used);
        if (used[0] > bound) {
            thrown = run(action, used);
            if (used[0] > bound) {
                AssertionError e = new AssertionError(what + " allocated " + used[0] + " bytes, the bound is " + bound);
                if (thrown != null) {
                    e.addSuppressed(thrown);
                }
                throw e;
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    private static Exception run(Action action, long[] used) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Exception thrown = null;
        try {
            action.run();
        } catch (Exception e) {
            thrown = e;
        }
        used[0] = THREADS.getCurrentThreadAllocatedBytes() - before;
        return thrown;
    }
}
