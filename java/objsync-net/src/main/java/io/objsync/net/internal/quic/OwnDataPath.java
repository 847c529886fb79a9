package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.PeerUnreachableException;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TransportLimits;
import io.objsync.net.UnsupportedProtocolException;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.quic.engine.EngineStream;
import io.objsync.net.internal.quic.engine.QuicTransportException;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code QuicEndpoint}'s dials and accepts on our own data path ({@link QuicHandshake} + {@link EngineConnection})
 * instead of kwik, through the endpoint's one socket ({@link UdpMux} routes our connection ids here). One
 * connection per (node, protocol, address), reused for later streams while it is open, as the kwik dialler does
 * (a server that takes one stream per connection, as iroh-docs does, closes it after that stream: a stream opened
 * on it just before that close fails with {@link io.objsync.net.ConnectionClosedException#unanswered()}, and
 * its caller may repeat the request); every dial starts with iroh's disco ping. Datagrams to peers on this host are as large as both ends take (64 KiB on loopback,
 * like TCP); elsewhere they start at 1200 bytes and path MTU discovery raises them to at most 1452.
 */
public final class OwnDataPath implements AutoCloseable {

    /** Takes a stream a peer opened (called on the connection's thread: hand it off, do not block). */
    public interface Acceptor {
        /** A stream of {@code peer}'s (proven), reached at {@code from}, speaking {@code alpn}. */
        void accepted(NodeId peer, InetSocketAddress from, String alpn, EngineStream stream);
    }

    private static final int LOOPBACK_DATAGRAM = 65_000;
    private static final int MAX_PENDING_ACCEPTS = 128;
    private static final long BAD_CERTIFICATE = 0x100 + 42;
    private static final long NO_APPLICATION_PROTOCOL = 0x100 + 120;

    private final NodeKey key;
    private final TransportLimits limits;
    private final UdpMux mux;
    private final Map<String, EngineConnection> dialled = new ConcurrentHashMap<>();
    private final Set<EngineConnection> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pendingAccepts = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    /** Dials through {@code mux}; if {@code served} is not null, also answers clients for those protocols. */
    public OwnDataPath(NodeKey key, TransportLimits limits, UdpMux mux, Set<String> served, Acceptor acceptor) {
        this.key = key;
        this.limits = limits;
        this.mux = mux;
        if (served != null) {
            mux.acceptWithEngine(from -> accept(from, served, acceptor));
        }
    }

    private static EngineConnection.Settings settingsFor(InetSocketAddress peer) {
        EngineConnection.Settings d = EngineConnection.Settings.defaults();
        return peer.getAddress() != null && peer.getAddress().isLoopbackAddress()
                ? d.withMaxDatagram(LOOPBACK_DATAGRAM).withPathMtuDiscovery(false) : d;
    }

    private QuicHandshake accept(InetSocketAddress from, Set<String> served, Acceptor acceptor) {
        if (closed || pendingAccepts.incrementAndGet() > MAX_PENDING_ACCEPTS) {
            pendingAccepts.decrementAndGet();
            return null; // a flood of Initials costs answers, not threads
        }
        QuicHandshake[] self = new QuicHandshake[1];
        QuicHandshake h = QuicHandshake.acceptor(key, served, settingsFor(from), mux.sinkTo(from),
                stream -> acceptor.accepted(self[0].peer(), from, self[0].alpn(), stream));
        self[0] = h;
        Thread waiter = new Thread(() -> {
            try {
                EngineConnection c = h.await(limits.handshakeTimeout().toMillis());
                track(c, h);
            } catch (IOException e) {
                mux.unrouteEngine(h);
            } finally {
                pendingAccepts.decrementAndGet();
            }
        }, "quic-accept-wait");
        waiter.setDaemon(true);
        waiter.start();
        return h;
    }

    private void track(EngineConnection c, QuicHandshake h) {
        all.add(c);
        c.onEnd(() -> {
            all.remove(c);
            dialled.values().remove(c);
            mux.unrouteEngine(h);
        });
        if (closed) {
            c.close();
        }
    }

    /**
     * A new stream to node {@code id} speaking {@code alpn} at {@code address}, on a connection made or reused.
     *
     * @throws PeerIdentityException        when the node there proves another key
     * @throws UnsupportedProtocolException when it does not serve {@code alpn}
     * @throws StreamTimeoutException       when it answered but did not finish the handshake in time
     * @throws PeerUnreachableException     when nothing answered
     */
    public EngineStream openStream(NodeId id, String alpn, InetSocketAddress address) throws IOException {
        if (closed) {
            throw new IOException("endpoint closed");
        }
        String slot = id + " " + alpn + " " + address;
        EngineConnection c = dialled.get(slot);
        if (c == null || !c.isOpen()) {
            synchronized (this) {
                c = dialled.get(slot);
                if (c == null || !c.isOpen()) {
                    c = dial(id, alpn, address);
                    dialled.put(slot, c);
                }
            }
        }
        return c.openStream();
    }

    private EngineConnection dial(NodeId id, String alpn, InetSocketAddress address) throws IOException {
        QuicHandshake h = QuicHandshake.dialer(key, id, alpn, settingsFor(address), mux.sinkTo(address));
        mux.routeToEngine(h.localCid(), h);
        try {
            sendPing(id, address);
            h.start();
            EngineConnection c = h.await(limits.handshakeTimeout().toMillis());
            track(c, h);
            return c;
        } catch (IOException e) {
            mux.unrouteEngine(h);
            throw classify(e, h, id, alpn, address);
        }
    }

    private void sendPing(NodeId to, InetSocketAddress address) {
        try {
            byte[] ping = Disco.ping(key, to, random);
            mux.send(new DatagramPacket(ping, ping.length, address));
        } catch (IOException e) {
            // iroh 0.35 would not answer without it; others do not need it: the handshake says which
        }
    }

    private static IOException classify(IOException e, QuicHandshake h, NodeId id, String alpn,
                                        InetSocketAddress address) {
        if (h.wrongKey() != null) {
            return new PeerIdentityException("node at " + address + " is " + h.wrongKey() + ", not " + id, e);
        }
        if (e instanceof QuicTransportException q) {
            if (q.errorCode() == NO_APPLICATION_PROTOCOL) {
                return new UnsupportedProtocolException("node " + id.shortForm() + " does not serve " + alpn, e);
            }
            if (q.errorCode() == BAD_CERTIFICATE) {
                return new PeerIdentityException("node at " + address + " refused our key or showed another", e);
            }
            return new IOException("QUIC handshake with " + address + " failed: " + e.getMessage(), e);
        }
        if (h.peerAnswered()) {
            StreamTimeoutException t = new StreamTimeoutException("QUIC handshake with " + address + " timed out");
            t.initCause(e);
            return t;
        }
        return new PeerUnreachableException("no QUIC answer from " + address + ": " + e.getMessage());
    }

    /** How many connections (dialled and accepted) are open now. */
    int openConnections() {
        return all.size();
    }

    /** Closes every connection of this path (their streams fail) and stops answering clients. */
    @Override
    public void close() {
        closed = true;
        mux.acceptWithEngine(null);
        for (EngineConnection c : all) {
            c.close();
        }
        dialled.clear();
    }
}
