package io.objsync.node;

import java.io.Closeable;
import java.io.IOException;

/**
 * Cancels a download from another thread: the transfer in progress is cut (its stream closed, so a blocked read
 * returns at once) and the download ends with {@link DownloadCancelledException}. What verified before stays in
 * the store, so a later download resumes there. Thread-safe; one cancellation may serve several downloads.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private Closeable active;

    private Cancellation() {
    }

    /** A cancellation not yet cancelled. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** Cancels; idempotent. */
    public void cancel() {
        Closeable c;
        synchronized (this) {
            cancelled = true;
            c = active;
            active = null;
        }
        closeQuietly(c);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws when cancelled. */
    void check() throws DownloadCancelledException {
        if (cancelled) {
            throw new DownloadCancelledException();
        }
    }

    /** Makes {@code c} the transfer that cancelling cuts; cuts it at once when already cancelled. */
    void attach(Closeable c) throws DownloadCancelledException {
        synchronized (this) {
            if (!cancelled) {
                active = c;
                return;
            }
        }
        closeQuietly(c);
        throw new DownloadCancelledException();
    }

    synchronized void detach() {
        active = null;
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // cutting a transfer short: its own failure is the expected outcome
        }
    }
}
