package io.objsync.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on the calling thread plus helper threads from one shared pool of daemon threads
 * (created on demand, idle ones exit after a minute). The caller always works too, so progress never depends
 * on a pool thread being free.
 */
public final class Workers {

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private static final class Pool {
        static final ExecutorService INSTANCE = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "objsync-worker-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private Workers() {
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, count)} on at most {@code threads} threads
     * (the caller included) and returns once all have finished, also when one failed or the caller is
     * interrupted (the interrupt flag is kept), so no task still reads the caller's data after the return.
     * Rethrows the first failure; the tasks not yet started are then skipped.
     */
    public static void run(int count, int threads, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(count);
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    if (failure.get() == null) {
                        task.accept(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(threads, count) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                Pool.INSTANCE.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the caller does the rest
            }
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
