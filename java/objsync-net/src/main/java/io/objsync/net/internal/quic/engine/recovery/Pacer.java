package io.objsync.net.internal.quic.engine.recovery;

/**
 * Spreads a window's worth of packets over a round trip (RFC 9002 section 7.7), so that a large window on a fast
 * path does not leave in one burst that overflows a router's queue. A token bucket filled at
 * 1.25 * cwnd / smoothed_rtt, holding at most {@link #BURST_DATAGRAMS} full-sized datagrams. It reads the window
 * and the RTT live from the controller and the estimator it was given. Not thread-safe.
 */
public final class Pacer {

    /** How many full-sized datagrams may leave back to back after a pause. */
    public static final int BURST_DATAGRAMS = 10;

    private final CongestionController controller;
    private final RttEstimator rtt;
    /** Bytes that may leave now; fractional, since the bucket may be topped up every few microseconds. */
    private double tokens;
    private long lastRefillNanos;
    private boolean started;

    /** A pacer for the window of {@code controller} over the round trip of {@code rtt}. */
    public Pacer(CongestionController controller, RttEstimator rtt) {
        this.controller = controller;
        this.rtt = rtt;
    }

    /**
     * The earliest time at which a packet of {@code bytes} may be sent: {@code nowNanos} when the bucket holds
     * enough, else when it will.
     */
    public long nextSendTimeNanos(int bytes, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(bytes, capacity()) - tokens;
        if (needed <= 0) {
            return nowNanos;
        }
        return nowNanos + (long) Math.ceil(needed / bytesPerNano());
    }

    /** A packet of {@code bytes} was sent at {@code nowNanos}; probes sent regardless of pacing count too. */
    public void onPacketSent(int bytes, long nowNanos) {
        refill(nowNanos);
        // Debt is capped at one burst so that a few unpaced probes cannot silence the sender for long.
        tokens = Math.max(tokens - bytes, -capacity());
    }

    /** The pacing rate, in bytes per second (for diagnostics). */
    public double rateBytesPerSecond() {
        return bytesPerNano() * 1e9;
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            tokens = capacity();
            lastRefillNanos = nowNanos;
        } else if (nowNanos > lastRefillNanos) {
            tokens = Math.min(capacity(), tokens + (nowNanos - lastRefillNanos) * bytesPerNano());
        }
        lastRefillNanos = Math.max(lastRefillNanos, nowNanos);
    }

    private double bytesPerNano() {
        return 1.25 * controller.congestionWindow() / Math.max(1, rtt.smoothedRttNanos());
    }

    private double capacity() {
        return (double) BURST_DATAGRAMS * controller.maxDatagramSize();
    }
}
