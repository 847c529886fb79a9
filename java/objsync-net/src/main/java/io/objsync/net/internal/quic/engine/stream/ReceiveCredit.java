package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * The receiving side of a cumulative limit we advertise to the peer (RFC 9000 sections 4.1-4.2 and 4.6): bytes of
 * a stream (MAX_STREAM_DATA) or of the connection (MAX_DATA), or streams the peer may open (MAX_STREAMS). It holds
 * the limit we advertised, the highest mark the peer used against it, how much of that we released (consumed bytes,
 * closed streams), and when a new limit is worth advertising. Not thread-safe: one connection thread owns it.
 */
final class ReceiveCredit {

    /** Largest value a variable-length integer, and so a limit, can carry (RFC 9000 section 16). */
    static final long MAX_VARINT = (1L << 62) - 1;

    private final long maxLimit;
    private final long overLimitError;
    private long window;
    private long limit;
    private long highest;
    private long consumed;
    private boolean updatedBefore;
    private long lastUpdateNanos;

    /**
     * A credit whose first limit is {@code window} (what our transport parameters announce), whose limits never
     * pass {@code maxLimit}, and whose violation is a connection error with code {@code overLimitError}.
     */
    ReceiveCredit(long window, long maxLimit, long overLimitError) {
        if (window < 0 || window > maxLimit) {
            throw new IllegalArgumentException("window " + window);
        }
        this.maxLimit = maxLimit;
        this.overLimitError = overLimitError;
        this.window = window;
        this.limit = window;
    }

    /** A byte credit of {@code window}, whose violation is FLOW_CONTROL_ERROR. */
    static ReceiveCredit forBytes(long window) {
        return new ReceiveCredit(window, MAX_VARINT, QuicTransportException.FLOW_CONTROL_ERROR);
    }

    /**
     * Records that the peer used credit up to {@code end} and returns how far that raised the highest mark (0 for
     * a mark below it).
     *
     * @throws QuicTransportException with the over-limit error code when {@code end} is beyond our limit
     */
    long useUpTo(long end, long frameType) throws QuicTransportException {
        if (end > limit) {
            throw new QuicTransportException(overLimitError, frameType,
                    "peer went up to " + end + ", beyond the advertised limit " + limit);
        }
        if (end <= highest) {
            return 0;
        }
        long growth = end - highest;
        highest = end;
        return growth;
    }

    /** Records that we released {@code amount} more (bytes read, streams closed); a later update hands it back. */
    void consume(long amount) {
        consumed += amount;
    }

    /**
     * The new limit to advertise, once we released more than half the window since the limit was last raised (RFC
     * 9000 section 4.2 leaves the when to us; half a window keeps the peer from stalling without an update per
     * packet), else -1. Returning a limit counts it as advertised.
     */
    long update() {
        long next = nextLimit();
        if (next - limit <= window / 2) {
            return -1;
        }
        limit = next;
        return next;
    }

    /**
     * Like {@link #update()}, but first doubles the window (up to {@code maxWindow}) when the previous update was
     * less than two round trips ago: a reader that empties half a window that fast is held back by the window,
     * since new credit takes a round trip to reach the sender and its data to come back.
     */
    long update(long nowNanos, long rttNanos, long maxWindow) {
        if (nextLimit() - limit <= window / 2) {
            return -1;
        }
        if (updatedBefore && nowNanos - lastUpdateNanos < 2 * rttNanos) {
            growWindow(Math.min(maxWindow, 2 * window));
        }
        updatedBefore = true;
        lastUpdateNanos = nowNanos;
        return update();
    }

    private long nextLimit() {
        return Math.min(consumed + window, maxLimit);
    }

    /** Grows the window that later updates hand out; it never shrinks, so a limit never goes back. */
    void growWindow(long newWindow) {
        if (newWindow > window) {
            window = Math.min(newWindow, maxLimit);
        }
    }

    /** The current window size. */
    long window() {
        return window;
    }

    /** The limit last advertised. */
    long limit() {
        return limit;
    }

    /** The highest mark the peer used. */
    long highest() {
        return highest;
    }

    /** How much we released. */
    long consumed() {
        return consumed;
    }
}
