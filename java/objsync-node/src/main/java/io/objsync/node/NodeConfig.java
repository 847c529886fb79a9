package io.objsync.node;

import io.objsync.docs.sync.FrameBudget;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.TransportLimits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open a {@link Node}: its home directory (identity, blob store, documents) and its transport, TLS on a
 * TCP port or a {@link MemoryNetwork} for tests. Immutable; the {@code with} methods return changed copies.
 */
public final class NodeConfig {
    private static final Duration DEFAULT_FRAME_WAIT = Duration.ofSeconds(10);

    private final Path home;
    private final InetSocketAddress listen;
    private final MemoryNetwork memory;
    private final DocServePolicy policy;
    private final TransportLimits limits;
    private final SyncConfig sync;
    private final boolean quic;
    /** Bytes of the node-wide sync frame budget; 0: four frames of the sync config's limit. */
    private final long frameBudgetBytes;
    private final Duration frameBudgetWait;

    private NodeConfig(Path home, InetSocketAddress listen, MemoryNetwork memory, DocServePolicy policy,
                       TransportLimits limits, SyncConfig sync) {
        this(home, listen, memory, policy, limits, sync, false, 0, DEFAULT_FRAME_WAIT);
    }

    private NodeConfig(Path home, InetSocketAddress listen, MemoryNetwork memory, DocServePolicy policy,
                       TransportLimits limits, SyncConfig sync, boolean quic, long frameBudgetBytes,
                       Duration frameBudgetWait) {
        this.quic = quic;
        this.frameBudgetBytes = frameBudgetBytes;
        this.frameBudgetWait = frameBudgetWait;
        this.home = Objects.requireNonNull(home, "home");
        this.listen = listen;
        this.memory = memory;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /** TLS on an ephemeral loopback port, serving every held document, default limits. */
    public static NodeConfig tls(Path home) {
        return new NodeConfig(home, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                DocServePolicy.all(), TransportLimits.defaults(), SyncConfig.defaults());
    }

    /**
     * QUIC (iroh 0.35's handshake, {@code QuicEndpoint}) on an ephemeral loopback UDP port, serving every held
     * document, default limits: the transport iroh nodes speak.
     */
    public static NodeConfig quic(Path home) {
        return new NodeConfig(home, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null,
                DocServePolicy.all(), TransportLimits.defaults(), SyncConfig.defaults(), true, 0, DEFAULT_FRAME_WAIT);
    }

    /** On {@code network} (in memory, for tests). */
    public static NodeConfig memory(Path home, MemoryNetwork network) {
        return new NodeConfig(home, null, Objects.requireNonNull(network, "network"), DocServePolicy.all(),
                TransportLimits.defaults(), SyncConfig.defaults());
    }

    /** Listens on {@code address} (port 0: any free port), TCP for TLS or UDP for QUIC. */
    public NodeConfig withListen(InetSocketAddress address) {
        return new NodeConfig(home, Objects.requireNonNull(address, "address"), null, policy, limits, sync, quic, frameBudgetBytes, frameBudgetWait);
    }

    /** Serves documents by {@code p}. */
    public NodeConfig withServePolicy(DocServePolicy p) {
        return new NodeConfig(home, listen, memory, p, limits, sync, quic, frameBudgetBytes, frameBudgetWait);
    }

    /** With other transport limits. */
    public NodeConfig withLimits(TransportLimits l) {
        return new NodeConfig(home, listen, memory, policy, l, sync, quic, frameBudgetBytes, frameBudgetWait);
    }

    /** With another reconciliation tuning. */
    public NodeConfig withSyncConfig(SyncConfig s) {
        return new NodeConfig(home, listen, memory, policy, limits, s, quic, frameBudgetBytes, frameBudgetWait);
    }

    /**
     * With another node-wide budget for incoming sync frames: all the node's sessions together buffer at most
     * {@code bytes} of frames, and a frame that finds no room waits at most {@code maxWait}, then its session
     * ends with {@code SyncProtocolException.Reason.FRAME_BUDGET_EXHAUSTED}. The default is four frames of the
     * sync config's {@code maxFrameBytes} (64 MiB) and 10 s: a budget smaller than one frame of the limit
     * refuses the largest frames the limit allows.
     *
     * @throws IllegalArgumentException when {@code bytes} is under 64 KiB or {@code maxWait} is negative
     */
    public NodeConfig withFrameBudget(long bytes, Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (bytes < 64 * 1024 || maxWait.isNegative()) {
            throw new IllegalArgumentException("a frame budget holds at least 64 KiB and waits a non-negative time");
        }
        return new NodeConfig(home, listen, memory, policy, limits, sync, quic, bytes, maxWait);
    }

    /** The home directory. */
    public Path home() {
        return home;
    }

    InetSocketAddress listen() {
        return listen;
    }

    boolean quic() {
        return quic;
    }

    MemoryNetwork memory() {
        return memory;
    }

    DocServePolicy policy() {
        return policy;
    }

    TransportLimits limits() {
        return limits;
    }

    SyncConfig sync() {
        return sync;
    }

    /** A new budget for one node, as configured. */
    FrameBudget frameBudget() {
        long bytes = frameBudgetBytes > 0 ? frameBudgetBytes : 4L * sync.maxFrameBytes();
        return new FrameBudget(bytes, frameBudgetWait);
    }
}
