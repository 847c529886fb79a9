package io.objsync.testing;

import java.lang.management.ManagementFactory;

/**
 * Checks that a parser of untrusted bytes allocates no more than a stated bound, measured as the bytes the
 * current thread allocated on the heap (HotSpot's per-thread counter, JDK 17 and later). A forged length that
 * sized an array before the bytes arrived shows up here even when the heap is large enough to survive it.
 * Bounds keep about 1 MiB for what any first call costs (class initialisation, exception stack traces: up to
 * ~200 KiB seen on JDK 17), far below what a forged length of a 1 KiB input would take.
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
     * pass through unchanged.
     */
    public static void check(long bound, String what, Action action) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Exception thrown = null;
        try {
            action.run();
        } catch (Exception e) {
            thrown = e;
        }
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (used > bound) {
            AssertionError e = new AssertionError(what + " allocated " + used + " bytes, the bound is " + bound);
            if (thrown != null) {
                e.addSuppressed(thrown);
            }
            throw e;
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
