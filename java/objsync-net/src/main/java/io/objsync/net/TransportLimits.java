package io.objsync.net;

import java.time.Duration;
import java.util.Objects;

/**
 * The resource bounds of an endpoint, so that no peer can tie up threads or memory without limit. Immutable;
 * start from {@link #defaults()} and change what you need.
 */
public final class TransportLimits {

    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration idleTimeout;
    private final Duration stallTimeout;
    private final int maxStreams;
    private final int maxStreamsPerPeer;
    private final int pipeBytes;
    private final int maxPendingPerAddress;

    private TransportLimits(Duration connectTimeout, Duration handshakeTimeout, Duration idleTimeout,
                            Duration stallTimeout, int maxStreams, int maxStreamsPerPeer, int pipeBytes,
                            int maxPendingPerAddress) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
        this.idleTimeout = positive(idleTimeout, "idleTimeout");
        this.stallTimeout = positive(stallTimeout, "stallTimeout");
        if (maxStreams < 1 || maxStreamsPerPeer < 1 || pipeBytes < 1 || maxPendingPerAddress < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.maxStreams = maxStreams;
        this.maxStreamsPerPeer = maxStreamsPerPeer;
        this.pipeBytes = pipeBytes;
        this.maxPendingPerAddress = maxPendingPerAddress;
    }

    /**
     * Connect 5 s, handshake 10 s, idle 30 s, stall 30 s, 256 inbound streams at once, 16 per peer, 16
     * unauthenticated per source address (as many as one honest peer may open at once), 64 KiB in-memory pipes.
     */
    public static TransportLimits defaults() {
        return new TransportLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 256, 16, 64 * 1024, 16);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /** How long to wait for a TCP connection to one address. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a TLS handshake may take, on either side. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** How long a read waits for the peer's next byte. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a write may stay blocked because the peer does not read. */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** Inbound streams served at once; more are refused (reset). */
    public int maxStreams() {
        return maxStreams;
    }

    /** Inbound streams served at once for one peer; more are refused (reset). */
    public int maxStreamsPerPeer() {
        return maxStreamsPerPeer;
    }

    /**
     * Inbound connections from one source address (an IPv6 /64 counts as one) that have not finished their
     * handshake; more are refused (reset). An endpoint also never lets one source hold more than half of
     * {@link #maxStreams()} this way, so bare connections from one address cannot starve honest peers.
     */
    public int maxPendingPerAddress() {
        return maxPendingPerAddress;
    }

    /** Bytes buffered per direction of an in-memory stream. */
    public int pipeBytes() {
        return pipeBytes;
    }

    /** With another connect timeout. */
    public TransportLimits withConnectTimeout(Duration d) {
        return new TransportLimits(d, handshakeTimeout, idleTimeout, stallTimeout, maxStreams, maxStreamsPerPeer,
                pipeBytes, maxPendingPerAddress);
    }

    /** With another handshake timeout. */
    public TransportLimits withHandshakeTimeout(Duration d) {
        return new TransportLimits(connectTimeout, d, idleTimeout, stallTimeout, maxStreams, maxStreamsPerPeer,
                pipeBytes, maxPendingPerAddress);
    }

    /** With another idle timeout. */
    public TransportLimits withIdleTimeout(Duration d) {
        return new TransportLimits(connectTimeout, handshakeTimeout, d, stallTimeout, maxStreams, maxStreamsPerPeer,
                pipeBytes, maxPendingPerAddress);
    }

    /** With another stall timeout. */
    public TransportLimits withStallTimeout(Duration d) {
        return new TransportLimits(connectTimeout, handshakeTimeout, idleTimeout, d, maxStreams, maxStreamsPerPeer,
                pipeBytes, maxPendingPerAddress);
    }

    /** With other stream limits. */
    public TransportLimits withMaxStreams(int total, int perPeer) {
        return new TransportLimits(connectTimeout, handshakeTimeout, idleTimeout, stallTimeout, total, perPeer,
                pipeBytes, maxPendingPerAddress);
    }

    /** With another in-memory pipe size. */
    public TransportLimits withPipeBytes(int bytes) {
        return new TransportLimits(connectTimeout, handshakeTimeout, idleTimeout, stallTimeout, maxStreams,
                maxStreamsPerPeer, bytes, maxPendingPerAddress);
    }

    /** With another bound on unauthenticated connections per source address. */
    public TransportLimits withMaxPendingPerAddress(int connections) {
        return new TransportLimits(connectTimeout, handshakeTimeout, idleTimeout, stallTimeout, maxStreams,
                maxStreamsPerPeer, pipeBytes, connections);
    }
}
