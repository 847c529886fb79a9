package io.objsync.net.internal.quic;

import tech.kwik.core.QuicStream;
import tech.kwik.core.stream.FlowControlUpdateListener;

import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Works around a lost-wakeup race in kwik 0.10.8's stream sender: a stream keeps at most one send request
 * queued, counted in an atomic integer that the writer increments only after queueing, so when the sender
 * thread consumes the request in between, its own re-queue for the rest of the buffer is skipped and the
 * buffered bytes wait for the next write. A writer blocked on the full buffer never makes one: the stream
 * stalls until the idle timeout (seen on a loaded machine in about one 3 MiB echo in three). Every few
 * milliseconds this nudges each open stream through kwik's public flow-control callback, which queues a send
 * request when none is counted; an idle stream's request finds nothing to send.
 */
public final class SendNudger implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5;

    private final Set<Nudge> streams = ConcurrentHashMap.newKeySet();
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
     * closed by its writer may still hold its last bytes and FIN in kwik's buffer, waiting for a send request.
     */
    public AutoCloseable watch(QuicStream stream, long lingerMillis) {
        OutputStream out = stream.getOutputStream();
        if (!(out instanceof FlowControlUpdateListener)) {
            return () -> { }; // another kwik: nothing to work around
        }
        Nudge n = new Nudge((FlowControlUpdateListener) out, stream.getStreamId());
        streams.add(n);
        return () -> {
            try {
                timer.schedule(() -> streams.remove(n), lingerMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                streams.remove(n);
            }
        };
    }

    private void nudgeAll() {
        for (Nudge n : streams) {
            try {
                n.listener.streamNotBlocked(n.streamId);
            } catch (RuntimeException e) {
                streams.remove(n); // the connection is gone
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        streams.clear();
    }

    private static final class Nudge {
        final FlowControlUpdateListener listener;
        final int streamId;

        Nudge(FlowControlUpdateListener listener, int streamId) {
            this.listener = listener;
            this.streamId = streamId;
        }
    }
}
