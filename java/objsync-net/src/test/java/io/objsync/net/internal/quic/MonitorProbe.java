package io.objsync.net.internal.quic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** For tests that force a kwik race: which thread waits to enter a monitor the test holds. */
final class MonitorProbe {

    private MonitorProbe() {
    }

    /** Whether {@code t} is blocked entering {@code monitor}. */
    static boolean blockedOn(Thread t, Object monitor) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.getId());
        return info != null && t.getState() == Thread.State.BLOCKED
                && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor);
    }

    /** The first thread seen blocked entering {@code monitor}, waiting up to 20 s for one. */
    static Thread awaitBlockedOn(Object monitor, String what) throws InterruptedException {
        AtomicReference<Thread> found = new AtomicReference<>();
        awaitTrue(() -> {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (blockedOn(t, monitor)) {
                    found.set(t);
                    return true;
                }
            }
            return false;
        }, what);
        return found.get();
    }

    /** Polls {@code condition} every millisecond for up to 20 s; fails naming {@code what}. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}
