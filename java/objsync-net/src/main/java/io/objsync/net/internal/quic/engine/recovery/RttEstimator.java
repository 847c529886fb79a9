package io.objsync.net.internal.quic.engine.recovery;

/**
 * The connection's round-trip time estimate (RFC 9002 section 5): the latest sample, its exponentially weighted
 * mean and variation, and the minimum seen. Shared by the loss detectors of all packet number spaces, since the
 * RTT belongs to the path, not to a space. Not thread-safe: one connection thread owns it.
 */
public final class RttEstimator {

    /** The timer granularity, kGranularity (RFC 9002 section 6.1.2). */
    public static final long GRANULARITY_NANOS = 1_000_000L;
    /** kInitialRtt (RFC 9002 section 6.2.2). */
    public static final long DEFAULT_INITIAL_RTT_NANOS = 333_000_000L;
    /** The max_ack_delay a peer has when its transport parameters do not say (RFC 9000 section 18.2). */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 25_000_000L;
    /** kPersistentCongestionThreshold (RFC 9002 section 7.6.1). */
    static final int PERSISTENT_CONGESTION_THRESHOLD = 3;

    private long initialRttNanos = DEFAULT_INITIAL_RTT_NANOS;
    private long maxAckDelayNanos = DEFAULT_MAX_ACK_DELAY_NANOS;
    private boolean handshakeConfirmed;

    private boolean hasSample;
    private long firstSampleTimeNanos;
    private long latestNanos;
    private long smoothedNanos = DEFAULT_INITIAL_RTT_NANOS;
    private long varianceNanos = DEFAULT_INITIAL_RTT_NANOS / 2;
    private long minNanos;

    /** An estimator that assumes {@link #DEFAULT_INITIAL_RTT_NANOS} until the first sample. */
    public RttEstimator() {
    }

    /**
     * Sets the RTT assumed before the first sample (for example one remembered from an earlier connection);
     * ignored once a sample exists.
     */
    public void setInitialRttNanos(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("initial RTT must be positive: " + nanos);
        }
        initialRttNanos = nanos;
        if (!hasSample) {
            smoothedNanos = nanos;
            varianceNanos = nanos / 2;
        }
    }

    /** Sets the peer's max_ack_delay transport parameter, in nanoseconds. */
    public void setMaxAckDelayNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("max_ack_delay must not be negative: " + nanos);
        }
        maxAckDelayNanos = nanos;
    }

    /**
     * Records that the handshake is confirmed (RFC 9001 section 4.1.2): from now on the ACK delay the peer reports
     * is capped at its max_ack_delay, and Application Data probes may be armed.
     */
    public void onHandshakeConfirmed() {
        handshakeConfirmed = true;
    }

    /** Whether {@link #onHandshakeConfirmed()} was called. */
    public boolean handshakeConfirmed() {
        return handshakeConfirmed;
    }

    /**
     * Takes one RTT sample (RFC 9002 sections 5.1 to 5.3): {@code latestRttNanos} from the send of the largest
     * newly acknowledged packet to now, {@code ackDelayNanos} as the peer reported it (0 for Initial packets).
     */
    public void onSample(long latestRttNanos, long ackDelayNanos, long nowNanos) {
        latestNanos = Math.max(0, latestRttNanos);
        if (!hasSample) {
            hasSample = true;
            firstSampleTimeNanos = nowNanos;
            minNanos = latestNanos;
            smoothedNanos = latestNanos;
            varianceNanos = latestNanos / 2;
            return;
        }
        // min_rtt ignores the ACK delay: it must not be lowered by a peer that over-reports its delay.
        minNanos = Math.min(minNanos, latestNanos);
        long ackDelay = Math.max(0, ackDelayNanos);
        if (handshakeConfirmed) {
            ackDelay = Math.min(ackDelay, maxAckDelayNanos);
        }
        long adjusted = latestNanos;
        if (latestNanos - minNanos >= ackDelay) {
            adjusted = latestNanos - ackDelay;
        }
        varianceNanos = (3 * varianceNanos + Math.abs(smoothedNanos - adjusted)) / 4;
        smoothedNanos = (7 * smoothedNanos + adjusted) / 8;
    }

    /**
     * Resets min_rtt to the latest sample once persistent congestion is established (RFC 9002 section 5.2): the
     * path may have changed.
     */
    public void onPersistentCongestion() {
        if (hasSample) {
            minNanos = latestNanos;
        }
    }

    /** Whether at least one sample was taken. */
    public boolean hasSample() {
        return hasSample;
    }

    /** When the first sample was taken; meaningless before {@link #hasSample()}. */
    public long firstSampleTimeNanos() {
        return firstSampleTimeNanos;
    }

    /** latest_rtt; 0 before the first sample. */
    public long latestRttNanos() {
        return latestNanos;
    }

    /** smoothed_rtt; the initial RTT before the first sample. */
    public long smoothedRttNanos() {
        return smoothedNanos;
    }

    /** rttvar; half the initial RTT before the first sample. */
    public long rttVarNanos() {
        return varianceNanos;
    }

    /** min_rtt; 0 before the first sample. */
    public long minRttNanos() {
        return minNanos;
    }

    /** The RTT assumed before the first sample. */
    public long initialRttNanos() {
        return initialRttNanos;
    }

    /** The peer's max_ack_delay. */
    public long maxAckDelayNanos() {
        return maxAckDelayNanos;
    }

    /**
     * The probe timeout before backoff and without max_ack_delay: smoothed_rtt + max(4 * rttvar, kGranularity)
     * (RFC 9002 section 6.2.1).
     */
    public long basePtoNanos() {
        return smoothedNanos + Math.max(4 * varianceNanos, GRANULARITY_NANOS);
    }

    /**
     * How long losses must span to be persistent congestion (RFC 9002 section 7.6.1):
     * (smoothed_rtt + max(4 * rttvar, kGranularity) + max_ack_delay) * kPersistentCongestionThreshold.
     */
    public long persistentCongestionDurationNanos() {
        return (basePtoNanos() + maxAckDelayNanos) * PERSISTENT_CONGESTION_THRESHOLD;
    }

    /**
     * How long after its send an unacknowledged packet below an acknowledged one counts as lost (RFC 9002
     * section 6.1.2): 9/8 * max(smoothed_rtt, latest_rtt), at least kGranularity.
     */
    public long lossDelayNanos() {
        return Math.max(Math.max(smoothedNanos, latestNanos) * 9 / 8, GRANULARITY_NANOS);
    }
}
