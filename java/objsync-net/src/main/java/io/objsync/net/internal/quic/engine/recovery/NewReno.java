package io.objsync.net.internal.quic.engine.recovery;

/**
 * The congestion controller of RFC 9002 section 7 and appendix B: slow start, one halving per round trip on loss,
 * congestion avoidance growing one datagram per window acknowledged, and collapse to the minimum window on
 * persistent congestion. The window does not grow while the sender leaves it mostly unused (section 7.8), so an
 * idle or application-limited connection cannot build a window it never tested. Not thread-safe.
 */
public final class NewReno implements CongestionController {

    /** The smallest maximum datagram size QUIC allows (RFC 9000 section 14). */
    public static final int MIN_DATAGRAM_SIZE = 1200;
    /** While in congestion avoidance, this much unused window (in datagrams) still counts as using it. */
    private static final int CWND_LIMITED_SLACK_DATAGRAMS = 3;

    private int maxDatagramSize;
    private long window;
    private long slowStartThreshold = Long.MAX_VALUE;
    /** Packets sent at or before this time belong to the current recovery period; MIN_VALUE when none. */
    private long recoveryStartNanos = Long.MIN_VALUE;
    /** Bytes acknowledged in congestion avoidance since the window last grew. */
    private long bytesAckedInAvoidance;

    /** A controller for datagrams of at most {@code maxDatagramSize} bytes, starting at the initial window. */
    public NewReno(int maxDatagramSize) {
        checkDatagramSize(maxDatagramSize);
        this.maxDatagramSize = maxDatagramSize;
        this.window = initialWindow();
    }

    /** kInitialWindow: min(10 * mds, max(14720, 2 * mds)) (RFC 9002 section 7.2). */
    public long initialWindow() {
        return Math.min(10L * maxDatagramSize, Math.max(14720L, 2L * maxDatagramSize));
    }

    /** kMinimumWindow: 2 * mds (RFC 9002 section 7.2). */
    public long minimumWindow() {
        return 2L * maxDatagramSize;
    }

    /** The slow start threshold; Long.MAX_VALUE before the first congestion event. */
    public long slowStartThreshold() {
        return slowStartThreshold;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public void setMaxDatagramSize(int bytes) {
        checkDatagramSize(bytes);
        maxDatagramSize = bytes;
        window = Math.max(window, minimumWindow());
    }

    @Override
    public long congestionWindow() {
        return window;
    }

    @Override
    public long availableWindow(long bytesInFlight) {
        return Math.max(0, window - bytesInFlight);
    }

    @Override
    public boolean canSend(long bytesInFlight) {
        return availableWindow(bytesInFlight) >= maxDatagramSize;
    }

    @Override
    public boolean inSlowStart() {
        return window < slowStartThreshold;
    }

    @Override
    public void onPacketSent(long sentTimeNanos, int bytes) {
        // NewReno needs nothing from sends; the loss detector counts the bytes in flight.
    }

    @Override
    public void onPacketAcked(long sentTimeNanos, int bytes, long priorBytesInFlight) {
        if (sentTimeNanos <= recoveryStartNanos || !windowWasInUse(priorBytesInFlight)) {
            return;
        }
        if (inSlowStart()) {
            window += bytes;
            return;
        }
        // Counting acknowledged bytes grows the window by exactly one datagram per window acknowledged, where
        // mds * bytes / cwnd per packet would lose the remainders.
        bytesAckedInAvoidance += bytes;
        if (bytesAckedInAvoidance >= window) {
            bytesAckedInAvoidance -= window;
            window += maxDatagramSize;
        }
    }

    @Override
    public void onPacketsLost(long lostBytes, long largestLostSentTimeNanos, long nowNanos) {
        if (largestLostSentTimeNanos <= recoveryStartNanos) {
            return;
        }
        recoveryStartNanos = nowNanos;
        slowStartThreshold = window / 2;
        window = Math.max(slowStartThreshold, minimumWindow());
        bytesAckedInAvoidance = 0;
    }

    @Override
    public void onPersistentCongestion() {
        window = minimumWindow();
        recoveryStartNanos = Long.MIN_VALUE;
        bytesAckedInAvoidance = 0;
    }

    /**
     * Whether the window limited the sender before this ACK (after quic-go's isCwndLimited): nearly full, or in
     * slow start more than half full, since slow start doubles the window each round trip.
     */
    private boolean windowWasInUse(long priorBytesInFlight) {
        if (inSlowStart() && priorBytesInFlight > window / 2) {
            return true;
        }
        return window - priorBytesInFlight <= (long) CWND_LIMITED_SLACK_DATAGRAMS * maxDatagramSize;
    }

    private static void checkDatagramSize(int bytes) {
        if (bytes < MIN_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("max datagram size below " + MIN_DATAGRAM_SIZE + ": " + bytes);
        }
    }
}
