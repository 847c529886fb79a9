package io.objsync.net.internal.quic;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every few milliseconds, {@link StreamSender#nudge() nudges} each watched stream that holds unsent bytes, so
 * one whose send request kwik 0.10.8 lost (see {@link StreamSender}) resumes within that period instead of
 * stalling until the idle timeout; a writer blocked on the stream's full buffer cannot recover it itself. Idle
 * streams are not touched.
 */
public final class SendNudger implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5;

    private final Set<StreamSender> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public SendNudger(String threadName) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::nudgeAll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts nudging {@code stream}. Closing the returned handle stops it after {@code lingerMillis}: a stream
     * closed by its writer may still hold its last bytes and FIN in kwik's buffer.
     */
    AutoCloseable watch(StreamSender stream, long lingerMillis) {
        streams.add(stream);
        return () -> {
            try {
                timer.schedule(() -> streams.remove(stream), lingerMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                streams.remove(stream);
            }
        };
    }

    private void nudgeAll() {
        for (StreamSender s : streams) {
            try {
                s.nudge();
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
