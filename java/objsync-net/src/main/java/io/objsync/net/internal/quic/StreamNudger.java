package io.objsync.net.internal.quic;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every few milliseconds, nudges each watched stream past the wake-ups kwik 0.10.8 loses: a stream whose send
 * request was lost resumes sending ({@link StreamSender#nudge()}; a writer blocked on the stream's full buffer
 * cannot recover it itself), and a reader left waiting on an input that already ended is woken
 * ({@link StrandedReader#wake()}). Either would otherwise wait for the idle or stall timeout. Streams with
 * nothing pending are not touched.
 */
public final class StreamNudger implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5;

    private final Set<Runnable> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public StreamNudger(String threadName) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::nudgeAll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts running {@code stream} (one stream's nudge) every period. Closing the returned handle stops it after
     * {@code lingerMillis}: a stream closed by its writer may still hold its last bytes and FIN in kwik's buffer.
     */
    AutoCloseable watch(Runnable stream, long lingerMillis) {
        streams.add(stream);
        return () -> {
            try {
                timer.schedule(() -> streams.remove(stream), lingerMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                streams.remove(stream);
            }
        };
    }

    /** Runs {@code task} once after {@code delayMillis} on the nudger's thread (at once if it is closed). */
    void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            task.run();
        }
    }

    private void nudgeAll() {
        for (Runnable s : streams) {
            try {
                s.run();
            } catch (RuntimeException e) {
                streams.remove(s); // the connection is gone
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        streams.clear();
    }
}
