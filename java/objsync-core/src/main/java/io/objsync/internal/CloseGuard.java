package io.objsync.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes {@code close()} of an object that owns a backend resource safe: idempotent, and never freeing the
 * resource while a call on it is still running (closing from another thread during a native call would
 * otherwise free memory in use). Each operation runs between {@link #acquire()} and {@link #release()}; the
 * resource is freed exactly once, by whichever of {@link #close()} and the last {@link #release()} comes last.
 */
public final class CloseGuard {

    private static final int CLOSED = Integer.MIN_VALUE;

    /** Number of calls in flight, with the sign bit set once closed. */
    private final AtomicInteger state = new AtomicInteger();
    private final Runnable free;
    private final String what;

    /**
     * @param what names the object in the exception thrown after close, e.g. {@code "Blake3Hasher"}
     * @param free frees the resource; runs once
     */
    public CloseGuard(String what, Runnable free) {
        this.what = what;
        this.free = free;
    }

    /**
     * Marks the start of an operation.
     *
     * @throws IllegalStateException when already closed
     */
    public void acquire() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                throw new IllegalStateException(what + " is closed");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /** Marks the end of an operation started with {@link #acquire()}. */
    public void release() {
        if (state.decrementAndGet() == CLOSED) {
            free.run();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state.get() < 0;
    }

    /** Closes; frees now unless an operation is in flight, in which case that operation's release frees. */
    public void close() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                if (s == 0) {
                    free.run();
                }
                return;
            }
        }
    }
}
