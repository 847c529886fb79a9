package io.objsync.net.internal.quic.engine.recovery;

/**
 * Datagram packetization layer path MTU discovery (RFC 8899, as RFC 9000 section 14.3 applies it): which datagram
 * size a path carries, between QUIC's 1200 bytes, which every path must carry, and a ceiling (ours and the
 * peer's max_udp_payload_size). A probe is a packet padded to the size tried; an acknowledged probe raises the
 * size in use, {@value #MAX_PROBES} lost probes of one size lower the ceiling below it. The first probe tries the
 * ceiling itself (on most paths it passes, and the search is over), then the search halves the gap until it is
 * narrower than {@value #GRANULARITY} bytes. Not thread-safe: the connection thread's.
 */
public final class PathMtuSearch {

    /** The size every QUIC path carries (RFC 9000 section 14). */
    public static final int BASE = 1200;
    /** Losses of one probe size that end its trials (RFC 8899's MAX_PROBES). */
    static final int MAX_PROBES = 3;
    /** The search ends when the untried gap is narrower than this. */
    static final int GRANULARITY = 16;

    private int current;
    private int ceiling;
    /** The size of the probe in flight, or -1. */
    private int inFlight = -1;
    /** Losses of the size being tried. */
    private int failures;
    /** The size tried last: tried again after a loss, until {@value #MAX_PROBES} losses. */
    private int lastProbe;
    private boolean triedCeiling;

    /**
     * A search from {@code BASE} up to {@code ceiling}; with {@code known} the path is known to carry the
     * ceiling (loopback) and no probe is sent.
     */
    public PathMtuSearch(int ceiling, boolean known) {
        this.ceiling = Math.max(BASE, ceiling);
        this.current = known ? this.ceiling : BASE;
    }

    /** The datagram size to send now: the largest the path has been shown to carry. */
    public int current() {
        return current;
    }

    /** Whether the search is over: {@link #current()} is as large as the path was found to carry. */
    public boolean done() {
        return ceiling - current < GRANULARITY;
    }

    /** The size to probe next, or -1 when none is due (the search is over, or a probe is in flight). */
    public int nextProbe() {
        if (inFlight > 0 || done()) {
            return -1;
        }
        if (failures > 0) {
            return lastProbe; // one loss may be congestion's: the same size again
        }
        return triedCeiling ? current + (ceiling - current + 1) / 2 : ceiling;
    }

    /** A probe of {@code size} bytes went out. */
    public void onProbeSent(int size) {
        inFlight = size;
        lastProbe = size;
        triedCeiling |= size == ceiling;
    }

    /** The probe of {@code size} bytes was acknowledged: the path carries it. */
    public void onProbeAcked(int size) {
        inFlight = -1;
        failures = 0;
        current = Math.max(current, size);
    }

    /** The probe of {@code size} bytes was declared lost. */
    public void onProbeLost(int size) {
        inFlight = -1;
        if (++failures >= MAX_PROBES) {
            failures = 0;
            ceiling = Math.max(current, size - 1);
            triedCeiling = true;
        }
    }
}
