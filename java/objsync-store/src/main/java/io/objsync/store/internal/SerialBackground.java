package io.objsync.store.internal;

import io.objsync.store.StoreException;

import java.io.IOException;

/**
 * Runs I/O work on a background thread, one piece at a time, and keeps the first failure for the owner to
 * throw: what the import's flusher and the receiver's progress records share. Used by one owning thread.
 */
final class SerialBackground {

    /** A piece of background I/O work. */
    interface Work {
        void run() throws IOException;
    }

    private final String threadName;
    private volatile IOException failure;
    private Thread running;

    SerialBackground(String threadName) {
        this.threadName = threadName;
    }

    /** Starts {@code work} unless earlier work is still running; returns whether it started. */
    boolean tryStart(Work work) {
        if (running != null && running.isAlive()) {
            return false;
        }
        running = new Thread(() -> {
            try {
                work.run();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new StoreException("background " + threadName + " failed", e);
            }
        }, threadName);
        running.setDaemon(true);
        running.start();
        return true;
    }

    /** Throws the failure of finished work, if any. */
    void throwFailure() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Waits for the running work, if any; throws its failure or any earlier one. */
    void finish() throws IOException {
        if (running != null) {
            Spool.join(running);
            running = null;
        }
        throwFailure();
    }
}
