package io.objsync.net.internal;

import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends operations that block too long where the socket API has no timeout: a write to a peer that stopped
 * reading, a handshake that a peer drips out byte by byte. A {@link Guard} is armed around the operation;
 * one thread checks the armed guards a few times per second and closes the resource of any past its deadline,
 * which makes the blocked call fail.
 */
public final class Watchdog implements AutoCloseable {

    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    /** A watchdog checking every {@code periodMillis}; its thread is named {@code name}. */
    public Watchdog(String name, long periodMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A guard that closes {@code resource} when an armed operation overruns. */
    public Guard guard(Closeable resource) {
        return new Guard(resource);
    }

    private void check() {
        long now = System.nanoTime();
        for (Guard g : guards) {
            g.expireIfDue(now);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Watches one resource. */
    public final class Guard {
        private final Closeable resource;
        private volatile long deadline;
        private volatile boolean armed;
        private volatile boolean fired;

        private Guard(Closeable resource) {
            this.resource = resource;
        }

        /** Starts an operation that must end within {@code timeoutNanos}. */
        public void arm(long timeoutNanos) {
            deadline = System.nanoTime() + timeoutNanos;
            armed = true;
            guards.add(this);
        }

        /** The operation ended. */
        public void disarm() {
            armed = false;
            guards.remove(this);
        }

        /** Whether the watchdog closed the resource because an operation overran. */
        public boolean fired() {
            return fired;
        }

        private void expireIfDue(long now) {
            if (armed && now - deadline > 0) {
                fired = true;
                guards.remove(this);
                try {
                    resource.close();
                } catch (java.io.IOException | RuntimeException ignored) {
                    // closing is best effort: the blocked call fails either way
                }
            }
        }
    }
}
