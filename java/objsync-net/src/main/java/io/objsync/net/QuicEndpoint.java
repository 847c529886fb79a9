package io.objsync.net;

import io.objsync.net.internal.Dispatcher;
import io.objsync.net.internal.ListenAddresses;
import io.objsync.net.internal.Watchdog;
import io.objsync.net.internal.quic.EnginePeerStreams;
import io.objsync.net.internal.quic.KwikAssertions;
import io.objsync.net.internal.quic.OwnDataPath;
import io.objsync.net.internal.quic.QuicDialer;
import io.objsync.net.internal.quic.QuicPeerStream;
import io.objsync.net.internal.quic.QuicServer;
import io.objsync.net.internal.quic.StreamNudger;
import io.objsync.net.internal.quic.UdpMux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An endpoint on QUIC v1 over UDP that speaks iroh 0.35's TLS profile: each node proves its {@link NodeKey}
 * with an RFC 7250 raw Ed25519 public key and an Ed25519 CertificateVerify, on both sides (no X.509 at all);
 * the dialler names the node in the server name and accepts only the node id it dialled
 * ({@link PeerIdentityException} otherwise); a handler learns the dialler's id from {@link PeerStream#peer()}.
 * ALPN picks the protocol, one QUIC connection per peer and protocol carries many streams.
 *
 * <p>Limits are those of {@link TransportLimits}: inbound streams at once in total and per peer (excess streams
 * are reset), the handshake timeout, and per-stream read (idle) and write (stall) timeouts. Only direct UDP
 * addresses are dialled; relays and discovery would add address sources and a datagram path beside the socket
 * (see docs/architecture.md, "QUIC transport").
 *
 * <p>One UDP socket serves the endpoint: it listens there and every dial sends from there, so a peer sees the
 * same address whichever side dialled. An accepted stream's {@link PeerStream#peerAddr()} therefore names the
 * dialler's source address, which is where it listens, and the accepting side can dial back. An iroh 0.35 node,
 * which drops QUIC from UDP sources it has not been told about, answers our dials once it knows our
 * {@link #addr()} (as it learns it from a ticket of ours, or its {@code addNodeAddr}). Costs: an endpoint bound to
 * one address (loopback, say) dials only what that address can reach; and the socket is not connected to any
 * peer, so it receives no ICMP errors and a dial to a closed port fails at the handshake timeout, not at once.
 */
public final class QuicEndpoint implements Endpoint {

    static {
        KwikAssertions.disable();
    }

    private final NodeId id;
    private final TransportLimits limits;
    private final Dispatcher dispatcher;
    private final Watchdog watchdog;
    private final StreamNudger nudger;
    private final UdpMux mux;
    private final QuicDialer dialer;
    private final QuicServer server;
    private final OwnDataPath own;
    private final NodeAddr addr;

    /**
     * Which QUIC data path new endpoints use: our own (docs/architecture.md, "Our own QUIC data path"), or kwik
     * with system property {@code objsync.quic.dataPath=kwik}, kept while ours proves itself in the field.
     */
    static boolean ownDataPathByDefault() {
        return !"kwik".equals(System.getProperty("objsync.quic.dataPath"));
    }

    private QuicEndpoint(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers,
                         TransportLimits limits, boolean ownDataPath) throws IOException {
        this.id = key.nodeId();
        this.limits = limits;
        String name = "objsync-quic-" + id.shortForm();
        this.dispatcher = new Dispatcher(handlers, limits, name);
        this.watchdog = new Watchdog(name + "-watchdog", Math.max(10, Math.min(250,
                Math.min(limits.stallTimeout().toMillis(), limits.idleTimeout().toMillis()) / 4)));
        this.nudger = new StreamNudger(name + "-nudger");
        try {
            this.mux = UdpMux.bind(listen == null ? new InetSocketAddress(0) : listen);
        } catch (IOException | RuntimeException e) {
            watchdog.close();
            nudger.close();
            dispatcher.close();
            throw e;
        }
        mux.answerDisco(key); // iroh 0.35 validates our address by our pong before it sends there
        try {
            if (ownDataPath) {
                this.dialer = null;
                this.server = null;
                this.own = new OwnDataPath(key, limits, mux, listen == null ? null : handlers.keySet(),
                        this::acceptedOwn);
            } else {
                this.own = null;
                this.dialer = new QuicDialer(key, limits, mux);
                this.server = listen == null ? null
                        : new QuicServer(key, mux, handlers.keySet(), limits, this::accepted);
            }
        } catch (IOException | RuntimeException e) {
            mux.close();
            watchdog.close();
            nudger.close();
            dispatcher.close();
            throw e;
        }
        this.addr = listen == null ? NodeAddr.of(id)
                : NodeAddr.of(id, null, ListenAddresses.of(mux.localAddress(), mux.localPort()));
    }

    /** Listens on UDP {@code listen} (port 0 picks a free one) with default limits. */
    public static QuicEndpoint bind(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers)
            throws IOException {
        return bind(key, listen, handlers, TransportLimits.defaults());
    }

    /**
     * Listens on UDP {@code listen} and serves {@code handlers} (protocol id to handler) within {@code limits}.
     *
     * @param listen where to accept connections, or null for an endpoint that only dials
     */
    public static QuicEndpoint bind(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers,
                                    TransportLimits limits) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(limits, "limits");
        return new QuicEndpoint(key, listen, handlers, limits, ownDataPathByDefault());
    }

    /** As {@link #bind(NodeKey, InetSocketAddress, Map, TransportLimits)}, on kwik's data path. */
    static QuicEndpoint bindKwik(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers,
                                 TransportLimits limits) throws IOException {
        return new QuicEndpoint(key, listen, handlers, limits, false);
    }

    @Override
    public NodeId nodeId() {
        return id;
    }

    @Override
    public NodeAddr addr() {
        return addr;
    }

    @Override
    public PeerStream connect(NodeAddr peer, String alpn) throws IOException {
        dispatcher.checkDial(peer, alpn);
        List<IOException> failures = new ArrayList<>();
        for (InetSocketAddress a : mux.dialOrder(peer.directAddresses())) {
            try {
                PeerStream[] holder = new PeerStream[1];
                Runnable forget = () -> dispatcher.forget(holder[0]);
                holder[0] = own != null
                        ? EnginePeerStreams.of(peer, alpn, own.openStream(peer.nodeId(), alpn, a), watchdog, limits,
                                forget)
                        : stream(peer, alpn, dialer.openStream(peer.nodeId(), alpn, a), forget);
                dispatcher.track(holder[0]);
                return holder[0];
            } catch (PeerIdentityException | UnsupportedProtocolException e) {
                throw e; // the node answered: another address will not change its key or protocols
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (failures.size() == 1 && !(failures.get(0) instanceof PeerUnreachableException)) {
            throw failures.get(0);
        }
        throw Dispatcher.noneAnswered(peer, failures);
    }

    private PeerStream stream(NodeAddr peer, String alpn, tech.kwik.core.QuicStream s, Runnable onClose) {
        return new QuicPeerStream(peer, alpn, s, watchdog, nudger, limits.idleTimeout().toNanos(),
                limits.stallTimeout().toNanos(), onClose);
    }

    /** A stream a peer opened on kwik: as {@link #serveAccepted}. */
    private void accepted(NodeId peer, InetSocketAddress from, String alpn, tech.kwik.core.QuicStream s) {
        serveAccepted(peer, () -> stream(from == null ? NodeAddr.of(peer) : NodeAddr.of(peer, from), alpn, s,
                () -> { }), () -> refuse(s));
    }

    /** A stream a peer opened on our own data path: as {@link #serveAccepted}. */
    private void acceptedOwn(NodeId peer, InetSocketAddress from, String alpn,
                             io.objsync.net.internal.quic.engine.EngineStream s) {
        serveAccepted(peer, () -> EnginePeerStreams.of(NodeAddr.of(peer, from), alpn, s, watchdog, limits, () -> { }),
                () -> s.reset(0));
    }

    /**
     * Within the limits (streams at once, in total and per peer) a peer's new stream goes to its handler on a
     * thread of its own; otherwise {@code refuse} resets it.
     */
    private void serveAccepted(NodeId peer, java.util.function.Supplier<PeerStream> stream, Runnable refuse) {
        if (!dispatcher.tryAcquireSlot()) {
            refuse.run();
            return;
        }
        if (!dispatcher.tryAcquirePeer(peer)) {
            dispatcher.releaseSlot();
            refuse.run();
            return;
        }
        PeerStream ps = stream.get();
        boolean started = dispatcher.execute(() -> {
            try {
                dispatcher.serve(ps);
            } finally {
                dispatcher.releasePeer(peer);
                dispatcher.releaseSlot();
            }
        });
        if (!started) {
            dispatcher.releasePeer(peer);
            dispatcher.releaseSlot();
            refuse.run();
        }
    }

    private static void refuse(tech.kwik.core.QuicStream s) {
        s.resetStream(0); // nothing was written, so no send buffer for kwik's sender to race (see OutputReset)
        s.abortReading(0);
    }

    @Override
    public void close() {
        if (dispatcher.isClosed()) {
            return;
        }
        dispatcher.close();
        if (own != null) {
            own.close();
        } else {
            dialer.close();
        }
        if (server != null) {
            server.close();
        }
        mux.close();
        watchdog.close();
        nudger.close();
    }

    @Override
    public String toString() {
        return "QuicEndpoint(" + addr + ")";
    }
}
