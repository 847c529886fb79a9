package io.objsync.net.internal;

import io.objsync.net.StreamTimeoutException;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-memory stream: a bounded ring buffer. A writer blocks while it is full (backpressure),
 * a reader while it is empty, each at most its timeout. The writer ends it cleanly ({@link #finish()}) or
 * resets it ({@link #reset()}); the reader can stop it ({@link #reset()} too), which fails further writes.
 */
public final class Pipe {

    private final byte[] ring;
    private final long readTimeoutNanos;
    private final long writeTimeoutNanos;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int head;
    private int count;
    private boolean finished;
    private boolean reset;

    /** A pipe holding up to {@code capacity} bytes; {@code name} appears in errors. */
    public Pipe(int capacity, long readTimeoutNanos, long writeTimeoutNanos, String name) {
        this.ring = new byte[capacity];
        this.readTimeoutNanos = readTimeoutNanos;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.name = name;
    }

    /** Reads up to {@code len} bytes; -1 after {@link #finish()} and the last byte. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long wait = readTimeoutNanos;
            while (count == 0 && !finished && !reset) {
                if (wait <= 0) {
                    throw new StreamTimeoutException(name + ": no data for "
                            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
                }
                wait = awaitNanos(wait);
            }
            if (reset) {
                throw new IOException(name + ": stream reset");
            }
            if (count == 0) {
                return -1;
            }
            int n = Math.min(len, count);
            int first = Math.min(n, ring.length - head);
            System.arraycopy(ring, head, b, off, first);
            System.arraycopy(ring, 0, b, off + first, n - first);
            head = (head + n) % ring.length;
            count -= n;
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Writes all of {@code b[off, off+len)}, blocking while the pipe is full. */
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                long wait = writeTimeoutNanos;
                while (count == ring.length && !reset) {
                    if (wait <= 0) {
                        throw new StreamTimeoutException(name + ": the peer read nothing for "
                                + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms");
                    }
                    wait = awaitNanos(wait);
                }
                if (reset) {
                    throw new IOException(name + ": stream reset");
                }
                if (finished) {
                    throw new IOException(name + ": output already finished");
                }
                int tail = (head + count) % ring.length;
                int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
                System.arraycopy(b, off, ring, tail, n);
                count += n;
                off += n;
                len -= n;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The writer is done: the reader gets the remaining bytes, then end-of-stream. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #finish()} was called. */
    public boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** Abandons the pipe: blocked and later reads and writes fail; buffered bytes are dropped. */
    public void reset() {
        lock.lock();
        try {
            reset = true;
            count = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long awaitNanos(long nanos) throws IOException {
        try {
            return changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(name + ": interrupted");
        }
    }
}
