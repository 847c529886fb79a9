package io.objsync.docs.sync;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The bytes of incoming sync frames that all sessions sharing this budget may buffer at once. Without it, each
 * session of a peer that knows a served document may hold a whole frame of up to
 * {@link SyncConfig#maxFrameBytes()}, so memory grows with the number of streams times the frame limit; with
 * it, a frame's bytes are counted as they arrive and a frame that would overdraw the budget waits for others
 * to be done, at most {@code maxWait}, and then ends its session with
 * {@link SyncProtocolException.Reason#FRAME_BUDGET_EXHAUSTED}. A frame's bytes stay counted until its message
 * has been answered. Give each node its own budget, shared by all its sessions. Thread-safe.
 */
public final class FrameBudget {
    /** What one reservation adds at most: a peer pays for what it really sent, not for what it announced. */
    static final int CHUNK = 64 * 1024;

    private final long capacity;
    private final long maxWaitNanos;
    private long used;
    private long peak;

    /**
     * A budget of {@code bytes}, where a frame waits at most {@code maxWait} for room.
     *
     * @throws IllegalArgumentException when {@code bytes} is smaller than one read chunk (64 KiB) or
     *                                  {@code maxWait} is negative
     */
    public FrameBudget(long bytes, Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (bytes < CHUNK || maxWait.isNegative()) {
            throw new IllegalArgumentException("a budget holds at least 64 KiB and waits a non-negative time");
        }
        this.capacity = bytes;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** No bound: what a session run without a budget uses. */
    public static FrameBudget unlimited() {
        return new FrameBudget(Long.MAX_VALUE, Duration.ZERO);
    }

    /** The bytes this budget holds. */
    public long capacity() {
        return capacity;
    }

    /** The bytes counted now. */
    public synchronized long used() {
        return used;
    }

    /** The most bytes ever counted at once. */
    public synchronized long peak() {
        return peak;
    }

    /** Counts {@code bytes} more, waiting at most the budget's wait for room. */
    synchronized void acquire(long bytes) throws SyncProtocolException, InterruptedIOException {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (used > capacity - bytes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SyncProtocolException(SyncProtocolException.Reason.FRAME_BUDGET_EXHAUSTED,
                        used + " of " + capacity + " bytes of incoming frames buffered; no room for " + bytes
                                + " more");
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the frame budget");
            }
        }
        used += bytes;
        peak = Math.max(peak, used);
    }

    /** Uncounts {@code bytes}. */
    synchronized void release(long bytes) {
        if (bytes > 0) {
            used -= bytes;
            notifyAll();
        }
    }
}
