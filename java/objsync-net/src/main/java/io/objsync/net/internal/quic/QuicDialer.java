package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.PeerUnreachableException;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TransportLimits;
import io.objsync.net.UnsupportedProtocolException;
import io.objsync.net.internal.udp.UdpBuffers;
import tech.kwik.agent15.engine.TlsStatusEventHandler;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dialling half of the QUIC endpoint: one QUIC connection per (node, protocol, address), opened on first
 * use with iroh's TLS profile and kept for later streams (as iroh keeps one connection per protocol), so a
 * repeat {@code connect} costs a stream, not a handshake. A connection the peer closed or that idled out is
 * replaced on the next dial.
 *
 * <p>A connection sends from the endpoint's one UDP socket ({@link UdpMux}), so a peer sees our listen
 * address as the source of our dials. That socket is not connected, so it gets no ICMP errors: a dial to a
 * closed port fails after the handshake timeout, like a dial to a silent address. Where the shared socket
 * cannot reach the peer (bound to loopback, the peer elsewhere; or another address family) the connection gets
 * a socket of its own on a free port, connected to the peer: it works, but the peer cannot tell where we listen.
 *
 * <p>Every dial starts with an iroh disco ping ({@link Disco}) from the socket the handshake then uses, so an
 * iroh 0.35 node, which answers QUIC only from addresses it knows, learns ours; other peers drop it.
 */
public final class QuicDialer implements AutoCloseable {

    /** Flow-control window per stream (the connection gets ten); bounds what a peer can make us buffer. */
    public static final long STREAM_WINDOW = 4L * 1024 * 1024;

    private final NodeKey key;
    private final NodeId self;
    private final Ed25519PrivateKey signingKey;
    private final SecureRandom random = new SecureRandom();
    private final TransportLimits limits;
    private final UdpMux mux;
    private final Map<Target, Slot> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param mux the endpoint's UDP socket, which every connection dials from */
    public QuicDialer(NodeKey key, TransportLimits limits, UdpMux mux) {
        this.key = key;
        this.self = key.nodeId();
        this.signingKey = Ed25519PrivateKey.fromSeed(key.seed());
        this.limits = limits;
        this.mux = mux;
    }

    /**
     * Opens a bidirectional stream to node {@code id} at {@code address} for {@code alpn}.
     *
     * @throws PeerIdentityException        when the node there proves another key
     * @throws UnsupportedProtocolException when it does not serve {@code alpn}
     * @throws StreamTimeoutException       when it answered but did not finish the handshake in time
     * @throws PeerUnreachableException     when nothing answered
     */
    public QuicStream openStream(NodeId id, String alpn, InetSocketAddress address) throws IOException {
        Slot slot = connections.computeIfAbsent(new Target(id, alpn, address), t -> new Slot());
        synchronized (slot) {
            for (int attempt = 0; ; attempt++) {
                if (closed) {
                    throw new IOException("endpoint closed");
                }
                if (slot.connection == null || !slot.connection.isConnected()) {
                    slot.connection = dial(id, alpn, address);
                }
                try {
                    return slot.connection.createStream(true);
                } catch (IOException | RuntimeException e) {
                    slot.connection.close(); // closed under us (idle, peer gone): one fresh connection
                    slot.connection = null;
                    if (attempt > 0) {
                        throw e instanceof IOException ? (IOException) e : new IOException(e);
                    }
                }
            }
        }
    }

    private QuicClientConnection dial(NodeId id, String alpn, InetSocketAddress address) throws IOException {
        MuxSocket[] socket = new MuxSocket[1];
        DatagramSocket[] made = new DatagramSocket[1];
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .host(address.getAddress().getHostAddress())
                .port(address.getPort())
                .applicationProtocol(alpn)
                .connectTimeout(limits.handshakeTimeout())
                .maxIdleTimeout(Duration.ofSeconds(30))
                .defaultStreamReceiveBufferSize(STREAM_WINDOW)
                .connectionIdLength(UdpMux.CID_LENGTH)
                .logger(io.objsync.net.internal.quic.DebugLog.logger())
                .socketFactory(ignored -> made[0] = mux.reaches(address) ? socket[0] = mux.clientSocket()
                        : ownSocket(address))
                .build();
        if (socket[0] != null) {
            socket[0].owner(cid -> KwikAccess.ownsConnectionId(c, cid));
        }
        RpkClientEngine engine = KwikAccess.installClientEngine(c,
                sender -> new RpkClientEngine(sender, (TlsStatusEventHandler) c, self, signingKey, id));
        try {
            // First a disco ping from the socket the handshake uses: an iroh 0.35 node answers our QUIC only
            // once it knows our address, and its ping handler learns it (ahead of the Initial on one path).
            sendPing(made[0], id, address);
            c.connect();
            LoopbackDatagrams.apply(c, address,
                    ((tech.kwik.core.impl.QuicClientConnectionImpl) c).getPeerTransportParameters().getMaxUdpPayloadSize());
            return c;
        } catch (IOException e) {
            c.close();
            if (socket[0] != null) {
                socket[0].close();
            }
            throw classify(e, engine, id, alpn, address);
        }
    }

    private void sendPing(DatagramSocket from, NodeId to, InetSocketAddress address) throws IOException {
        byte[] ping;
        try {
            ping = Disco.ping(key, to, random);
        } catch (IOException e) {
            return; // a small-order key: no box with it, and no iroh node has one; the handshake will tell
        }
        from.send(new DatagramPacket(ping, ping.length, address));
    }

    private static DatagramSocket ownSocket(InetSocketAddress peer) throws SocketException {
        DatagramSocket s = new DatagramSocket(0);
        try {
            UdpBuffers.enlarge(s);
            s.connect(peer);
            return s;
        } catch (SocketException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static IOException classify(IOException e, RpkClientEngine engine, NodeId id, String alpn,
                                        InetSocketAddress address) {
        String m = String.valueOf(e.getMessage());
        if (engine.wrongKey() != null) {
            return new PeerIdentityException("node at " + address + " is " + engine.wrongKey() + ", not " + id, e);
        }
        if (m.contains("TLS error 120")) { // no_application_protocol
            return new UnsupportedProtocolException("node " + id.shortForm() + " does not serve " + alpn, e);
        }
        if (engine.serverAnswered()) {
            if (m.contains("timed out")) {
                StreamTimeoutException t = new StreamTimeoutException("QUIC handshake with " + address + " timed out");
                t.initCause(e);
                return t;
            }
            return new IOException("QUIC handshake with " + address + " failed: " + m, e);
        }
        PeerUnreachableException u = new PeerUnreachableException("no QUIC answer from " + address + ": " + m);
        u.initCause(e);
        return u;
    }

    /** Closes every connection (their streams fail) and refuses new dials. */
    @Override
    public void close() {
        closed = true;
        for (Slot s : connections.values()) {
            synchronized (s) {
                if (s.connection != null) {
                    s.connection.close();
                    s.connection = null;
                }
            }
        }
        connections.clear();
    }

    private static final class Slot {
        QuicClientConnection connection;
    }

    private static final class Target {
        final NodeId id;
        final String alpn;
        final InetSocketAddress address;

        Target(NodeId id, String alpn, InetSocketAddress address) {
            this.id = id;
            this.alpn = alpn;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Target && ((Target) o).id.equals(id) && ((Target) o).alpn.equals(alpn)
                    && ((Target) o).address.equals(address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, alpn, address);
        }
    }
}
