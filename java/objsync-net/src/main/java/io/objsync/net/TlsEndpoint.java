package io.objsync.net;

import io.objsync.net.internal.Dispatcher;
import io.objsync.net.internal.ListenAddresses;
import io.objsync.net.internal.TlsContext;
import io.objsync.net.internal.TlsStream;
import io.objsync.net.internal.Watchdog;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An endpoint on TCP with TLS 1.3 (JSSE). Each node proves its {@link NodeKey} with a self-signed Ed25519
 * certificate, on both sides; a dialler accepts only the node id it dialled ({@link PeerIdentityException}
 * otherwise) and a handler learns the dialler's id from {@link PeerStream#peer()}. ALPN picks the protocol.
 *
 * <p>Each stream is its own TLS connection (the reference's QUIC streams map to connections; TLS session
 * resumption keeps repeat connections cheap). Accepted connections are bounded by
 * {@link TransportLimits#maxStreams()} and {@link TransportLimits#maxPendingPerAddress()} before the handshake
 * and {@link TransportLimits#maxStreamsPerPeer()} after it; handshakes, reads and writes are bounded in time, so
 * a silent peer frees its thread.
 */
public final class TlsEndpoint implements Endpoint {

    private static final Logger LOG = Logger.getLogger(TlsEndpoint.class.getName());

    private final NodeId id;
    private final TlsContext tls;
    private final TransportLimits limits;
    private final Dispatcher dispatcher;
    private final Watchdog watchdog;
    private final ServerSocket server;
    private final NodeAddr addr;

    private TlsEndpoint(NodeKey key, ServerSocket server, Map<String, StreamHandler> handlers,
                        TransportLimits limits) {
        this.id = key.nodeId();
        // the certificate advertises where we listen, so nodes we dial can dial us back
        this.tls = new TlsContext(key, server == null ? 0 : server.getLocalPort());
        this.limits = limits;
        String name = "objsync-tls-" + id.shortForm();
        this.dispatcher = new Dispatcher(handlers, limits, name);
        this.watchdog = new Watchdog(name + "-watchdog", Math.max(10, Math.min(250,
                Math.min(limits.stallTimeout().toMillis(), limits.handshakeTimeout().toMillis()) / 4)));
        this.server = server;
        this.addr = server == null ? NodeAddr.of(id) : NodeAddr.of(id, null,
                ListenAddresses.of(server.getInetAddress(), server.getLocalPort()));
    }

    /** Listens on {@code listen} (port 0 picks a free one) with default limits. */
    public static TlsEndpoint bind(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers)
            throws IOException {
        return bind(key, listen, handlers, TransportLimits.defaults());
    }

    /**
     * Listens on {@code listen} and serves {@code handlers} (protocol id to handler) within {@code limits}.
     *
     * @param listen where to accept connections, or null for an endpoint that only dials
     */
    public static TlsEndpoint bind(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers,
                                   TransportLimits limits) throws IOException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(limits, "limits");
        ServerSocket server = null;
        if (listen != null) {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(listen, 128);
        }
        TlsEndpoint e = new TlsEndpoint(key, server, handlers, limits);
        if (server != null) {
            Thread t = new Thread(e::acceptLoop, "objsync-tls-accept-" + e.id.shortForm());
            t.setDaemon(true);
            t.start();
        }
        return e;
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
        for (InetSocketAddress a : peer.directAddresses()) {
            Socket tcp = new Socket();
            try {
                tcp.setTcpNoDelay(true);
                tcp.connect(a, (int) limits.connectTimeout().toMillis());
            } catch (IOException e) {
                TlsContext.reset(tcp);
                failures.add(e);
                continue;
            }
            SSLSocket ssl = tls.connect(tcp, a, peer.nodeId(), alpn, watchdog, limits.handshakeTimeout().toMillis());
            TlsStream[] holder = new TlsStream[1];
            holder[0] = new TlsStream(peer, alpn, ssl, tcp, watchdog, limits.idleTimeout().toMillis(),
                    limits.stallTimeout().toNanos(), () -> dispatcher.forget(holder[0]));
            dispatcher.track(holder[0]);
            return holder[0];
        }
        throw Dispatcher.noneAnswered(peer, failures);
    }

    private void acceptLoop() {
        while (!dispatcher.isClosed()) {
            Socket tcp;
            try {
                tcp = server.accept();
            } catch (IOException e) {
                if (!dispatcher.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                return;
            }
            InetAddress source = tcp.getInetAddress();
            // over its source's share or over maxStreams: refuse before spending a handshake on it
            if (!dispatcher.tryAcquirePending(source)) {
                TlsContext.reset(tcp);
                continue;
            }
            if (!dispatcher.tryAcquireSlot()) {
                dispatcher.releasePending(source);
                TlsContext.reset(tcp);
                continue;
            }
            if (!dispatcher.execute(() -> serveConnection(tcp, source))) {
                dispatcher.releasePending(source);
                dispatcher.releaseSlot();
                TlsContext.reset(tcp);
            }
        }
    }

    private void serveConnection(Socket tcp, InetAddress source) {
        NodeId peer = null;
        boolean pending = true;
        try {
            tcp.setTcpNoDelay(true);
            SSLSocket ssl = tls.accept(tcp, dispatcher::serves, watchdog, limits.handshakeTimeout().toMillis());
            dispatcher.releasePending(source);
            pending = false;
            NodeId p = TlsContext.peerOf(ssl, tcp);
            if (!dispatcher.tryAcquirePeer(p)) {
                TlsContext.reset(tcp);
                return;
            }
            peer = p;
            dispatcher.serve(new TlsStream(TlsContext.dialBackOf(ssl, tcp, p), ssl.getApplicationProtocol(), ssl,
                    tcp, watchdog, limits.idleTimeout().toMillis(), limits.stallTimeout().toNanos(), () -> { }));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "connection from " + tcp.getRemoteSocketAddress() + " failed");
            TlsContext.reset(tcp);
        } finally {
            if (pending) {
                dispatcher.releasePending(source);
            }
            if (peer != null) {
                dispatcher.releasePeer(peer);
            }
            dispatcher.releaseSlot();
        }
    }

    @Override
    public void close() {
        if (dispatcher.isClosed()) {
            return;
        }
        dispatcher.close();
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        watchdog.close();
    }

    @Override
    public String toString() {
        return "TlsEndpoint(" + addr + ")";
    }
}
