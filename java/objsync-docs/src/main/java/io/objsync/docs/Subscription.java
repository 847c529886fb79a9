package io.objsync.docs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The inserts of one replica (local and remote) in commit order, from the moment of subscribing. Events wait in a
 * bounded queue; a subscriber that falls further behind than its capacity gets the queued events and then a
 * {@link LaggedException}, never a silently shortened stream.
 */
public final class Subscription implements AutoCloseable {
    /** The subscriber fell behind by more than the queue holds; events after the queued ones were dropped. */
    public static final class LaggedException extends DocsException {
        private static final long serialVersionUID = 1L;

        LaggedException(long lastDelivered) {
            super("subscriber fell behind after event " + lastDelivered + "; subscribe again and re-query", null);
        }
    }

    private final BlockingQueue<InsertEvent> queue;
    private final Runnable onClose;
    private volatile boolean lagged;
    private volatile boolean closed;
    private long published;
    private long delivered;

    Subscription(int capacity, Runnable onClose) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** Called under the store lock in commit order. */
    void publish(SignedEntry e, boolean remote, io.objsync.docs.sync.ContentStatus status) {
        if (lagged || closed) {
            return;
        }
        if (!queue.offer(new InsertEvent(e, remote, status, ++published))) {
            lagged = true;
        }
    }

    /** The next event, waiting for it. */
    public InsertEvent take() throws InterruptedException {
        while (true) {
            InsertEvent e = poll(1, TimeUnit.SECONDS);
            if (e != null) {
                return e;
            }
        }
    }

    /** The next event, or null after {@code timeout}. */
    public InsertEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        InsertEvent e = queue.poll();
        if (e == null) {
            if (lagged) {
                throw new LaggedException(delivered);
            }
            e = queue.poll(timeout, unit);
        }
        if (e != null) {
            delivered = e.sequence();
        }
        return e;
    }

    /** Stops delivery. */
    @Override
    public void close() {
        closed = true;
        onClose.run();
    }
}
