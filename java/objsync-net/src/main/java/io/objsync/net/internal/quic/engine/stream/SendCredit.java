package io.objsync.net.internal.quic.engine.stream;

/**
 * The send side of one flow-control limit the peer gave us (RFC 9000 section 4.1): MAX_DATA for the connection or
 * MAX_STREAM_DATA for one stream. It counts the new bytes we sent against the limit, ignores limits that do not
 * raise it (they arrive reordered), and says when to tell the peer we are blocked: DATA_BLOCKED or
 * STREAM_DATA_BLOCKED, once per limit. Not thread-safe: one connection thread owns it.
 */
public final class SendCredit {

    private long limit;
    private long used;
    private long blockedReportedAt = -1;

    /** A credit starting at {@code initialLimit}, the peer's transport parameter (0 before it is known). */
    public SendCredit(long initialLimit) {
        this.limit = Math.max(0, initialLimit);
    }

    /**
     * Takes a limit from the peer's MAX_DATA or MAX_STREAM_DATA. Returns whether it raised the limit; a smaller or
     * equal one is ignored, as RFC 9000 section 4.1 requires, since frames can arrive out of order.
     */
    public boolean raiseLimit(long newLimit) {
        if (newLimit <= limit) {
            return false;
        }
        limit = newLimit;
        return true;
    }

    /** How many more new bytes the limit allows now. */
    public long available() {
        return limit - used;
    }

    /** The offset up to which we may send: bytes already counted plus what remains. */
    public long limit() {
        return limit;
    }

    /** The new bytes sent so far (retransmissions do not count). */
    public long used() {
        return used;
    }

    /**
     * Counts {@code bytes} new bytes as sent.
     *
     * @throws IllegalStateException when they exceed the limit: a bug of the caller, who must ask {@link
     *     #available()} first
     */
    public void use(long bytes) {
        if (bytes < 0 || bytes > limit - used) {
            throw new IllegalStateException("sending " + bytes + " bytes with " + (limit - used) + " of credit");
        }
        used += bytes;
    }

    /**
     * The limit to put in a DATA_BLOCKED or STREAM_DATA_BLOCKED frame when we are blocked by it and have not yet
     * said so at this limit, else -1. Returning a value counts it as reported; the engine calls {@link
     * #reportLost()} if the frame carrying it is lost.
     */
    public long blockedToReport() {
        if (used < limit || blockedReportedAt == limit) {
            return -1;
        }
        blockedReportedAt = limit;
        return limit;
    }

    /** The frame that reported blocking was lost: report it again if we are still blocked at that limit. */
    public void reportLost() {
        blockedReportedAt = -1;
    }
}
