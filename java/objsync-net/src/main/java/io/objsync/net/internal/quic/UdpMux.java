package io.objsync.net.internal.quic;

import io.objsync.net.NodeKey;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.udp.UdpSocket;
import io.objsync.net.internal.udp.UdpSockets;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One UDP socket for a whole QUIC endpoint, listening and dialling. kwik gives every client connection and the
 * server connector a socket of its own; here each of them gets a {@link MuxSocket} view instead, which sends
 * through the shared socket and receives what one reader thread routes to it:
 * <ul>
 *   <li>a datagram whose destination connection id is one our client connection issued goes to that
 *       connection (the client's ids are {@value #CID_LENGTH} bytes; a short header carries no length, so
 *       that length is what we read);</li>
 *   <li>iroh's disco datagrams ({@link Disco#isDisco}) go to the {@link #answerDisco disco responder}, if any
 *       (pings get pongs), and never to QUIC;</li>
 *   <li>everything else goes to the server connector, which finds its connection by id or starts one on an
 *       Initial, and drops the rest (no server: dropped here).</li>
 * </ul>
 * Routing by connection id, not by the peer's address, keeps two connections between the same pair of sockets
 * apart (A dials B while B dials A). Decisions are cached per connection id (a bounded map, cleared when
 * full), so only a datagram with an id not seen before asks the client connections.
 *
 * <p>The socket is a {@link UdpSocket}: on Linux with Java 22+ one system call sends or receives a run of
 * datagrams (GSO/GRO), which the reader splits here before routing each.
 *
 * <p>Why: a peer sees one address for us whichever side dialled, so an accepted connection's source address is
 * where we listen, and an iroh 0.35 node that was given our listen address answers our dials. The cost: an
 * unconnected socket receives no ICMP errors, so a dial to a closed port fails only at the handshake timeout.
 */
public final class UdpMux implements AutoCloseable {

    /** Length of every connection id our client connections and server connector issue. */
    public static final int CID_LENGTH = 8;

    private static final int ROUTE_CACHE = 16_384;
    private static final int CLIENT_QUEUE = 4_096;
    private static final int SERVER_QUEUE = 16_384;

    private final UdpSocket socket;
    private final Thread reader;
    private final List<MuxSocket> clients = new CopyOnWriteArrayList<>();
    private final Map<Long, MuxSocket> routes = new ConcurrentHashMap<>();
    private volatile MuxSocket server;
    /** Our own data path's handshakes and connections, by our connection id and a client's first destination id. */
    private final Map<java.nio.ByteBuffer, QuicHandshake> engines = new ConcurrentHashMap<>();
    private volatile EngineAcceptor engineAcceptor;
    private volatile DiscoResponder disco;
    private volatile boolean closed;

    private UdpMux(UdpSocket socket) {
        this.socket = socket;
        this.reader = new Thread(this::run, "objsync-udp-" + socket.localAddress().getPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Answers iroh disco pings to {@code key}'s node arriving on this socket ({@link DiscoResponder}). */
    public void answerDisco(NodeKey key) {
        disco = new DiscoResponder(key);
    }

    /** Binds the shared socket at {@code local} (port 0 picks a free one) and starts reading it. */
    public static UdpMux bind(InetSocketAddress local) throws IOException {
        return new UdpMux(UdpSockets.open(local));
    }


    /** The bound address of the shared socket. */
    public InetAddress localAddress() {
        return socket.localAddress().getAddress();
    }

    /** The bound port of the shared socket. */
    public int localPort() {
        return socket.localAddress().getPort();
    }

    /**
     * Whether the shared socket can send to {@code peer}: a wildcard bind reaches everything, a loopback bind only
     * loopback, and a bind to one address only its own family (IPv4 or IPv6).
     */
    public boolean reaches(InetSocketAddress peer) {
        InetAddress bound = localAddress();
        InetAddress to = peer.getAddress();
        if (bound.isAnyLocalAddress()) {
            return true;
        }
        if (bound.isLoopbackAddress() && !to.isLoopbackAddress()) {
            return false;
        }
        return bound.getClass() == to.getClass();
    }

    /**
     * {@code addresses} with those the shared socket {@link #reaches} first, otherwise in their order: a peer
     * that knows our listen address (iroh 0.35 answers no other) is dialled from it before any other path.
     */
    public List<InetSocketAddress> dialOrder(List<InetSocketAddress> addresses) {
        List<InetSocketAddress> out = new ArrayList<>(addresses.size());
        for (InetSocketAddress a : addresses) {
            if (reaches(a)) {
                out.add(a);
            }
        }
        for (InetSocketAddress a : addresses) {
            if (!reaches(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The socket view for the server connector: it receives every datagram no client connection owns. */
    public synchronized MuxSocket serverSocket() throws SocketException {
        if (server == null || server.isClosed()) {
            server = new MuxSocket(this, SERVER_QUEUE);
        }
        return server;
    }

    /**
     * A socket view for one client connection; it receives nothing until {@link MuxSocket#owner} names the
     * connection ids it owns (set it before the connection sends its first packet).
     */
    public MuxSocket clientSocket() throws SocketException {
        if (closed) {
            throw new SocketException("endpoint socket closed");
        }
        MuxSocket s = new MuxSocket(this, CLIENT_QUEUE);
        clients.add(s);
        return s;
    }

    void send(DatagramPacket p) throws IOException {
        socket.send(p.getData(), p.getOffset(), p.getLength(), Math.max(1, p.getLength()),
                (InetSocketAddress) p.getSocketAddress());
    }

    /** Starts our own data path's answer to a client whose first Initial came from {@code from}; null drops it. */
    public interface EngineAcceptor {
        /** A handshake (from {@link QuicHandshake#acceptor}) for the client at {@code from}, or null. */
        QuicHandshake accept(InetSocketAddress from);
    }

    /** New clients go to our own data path through {@code acceptor} instead of kwik's server. */
    public void acceptWithEngine(EngineAcceptor acceptor) {
        engineAcceptor = acceptor;
    }

    /** Datagrams for connection id {@code cid} go to {@code handshake} (and its connection) from now on. */
    public void routeToEngine(byte[] cid, QuicHandshake handshake) {
        engines.put(java.nio.ByteBuffer.wrap(cid.clone()), handshake);
    }

    /** Forgets every route to {@code handshake}. */
    public void unrouteEngine(QuicHandshake handshake) {
        engines.values().removeIf(h -> h == handshake);
    }

    /** How many connection ids route to our own data path (two per accepted connection, one per dial). */
    public int engineRoutes() {
        return engines.size();
    }

    /** Sends our own data path's datagrams to {@code peer} from the shared socket. */
    public EngineConnection.DatagramSink sinkTo(InetSocketAddress peer) {
        return new EngineConnection.DatagramSink() {
            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                socket.send(buf, off, len, Math.max(1, len), peer);
            }

            @Override
            public void send(byte[] buf, int off, int len, int segment) throws IOException {
                socket.send(buf, off, len, segment, peer);
            }

            @Override
            public int maxSegments() {
                return socket.maxSegments();
            }
        };
    }

    /**
     * Whether {@code d[off, off + len)} went to our own data path (a known connection id, or a new client's
     * Initial).
     */
    private boolean toEngine(byte[] d, int off, int len, InetSocketAddress from) {
        if (engines.isEmpty() && engineAcceptor == null) {
            return false;
        }
        boolean longHeader = (d[off] & 0x80) != 0;
        int at = longHeader ? 6 : 1;
        int cidLength = longHeader ? (len > 5 ? d[off + 5] & 0xff : -1) : CID_LENGTH;
        if (cidLength < 0 || at + cidLength > len) {
            return false;
        }
        java.nio.ByteBuffer cid = java.nio.ByteBuffer.wrap(d, off + at, cidLength).slice();
        QuicHandshake h = engines.get(cid);
        if (h != null) {
            h.deliver(d, off, len);
            return true;
        }
        EngineAcceptor acceptor = engineAcceptor;
        // RFC 9000 14.1: a client's first datagram is at least 1200 bytes; smaller "Initials" are dropped unanswered
        if (acceptor == null || !longHeader || (d[off] & 0x30) != 0 || len < 1200 || cidLength < 8
                || d[off + 1] != 0 || d[off + 2] != 0 || d[off + 3] != 0 || d[off + 4] != 1) {
            return acceptor != null;
        }
        QuicHandshake accepted = acceptor.accept(from);
        if (accepted != null) {
            routeToEngine(accepted.localCid(), accepted);
            routeToEngine(java.util.Arrays.copyOfRange(d, off + at, off + at + cidLength), accepted);
            accepted.deliver(d, off, len);
        }
        return true;
    }

    /** The bound address and port of the shared socket. */
    InetSocketAddress localSocketAddress() {
        return socket.localAddress();
    }

    /** The receive buffer the kernel granted the shared socket. */
    int receiveBufferSize() throws SocketException {
        try {
            return socket.receiveBufferSize();
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.toString());
        }
    }

    void removed(MuxSocket s) {
        clients.remove(s);
        routes.values().removeIf(v -> v == s);
    }

    private void run() {
        UdpSocket.Received r = new UdpSocket.Received();
        while (!closed) {
            try {
                if (!socket.receive(r)) {
                    return;
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a transient error on one datagram; the socket is still good
            }
            // one datagram, or a coalesced run of them (GRO), each routed where it lies in the buffer
            for (int at = 0; at < r.length; at += Math.max(1, r.segment)) {
                dispatch(r.buf, at, Math.min(r.segment, r.length - at), r.from);
            }
        }
    }

    /** Sends the datagram {@code buf[off, off + length)} where it belongs: disco, our own data path, or kwik. */
    private void dispatch(byte[] buf, int off, int length, InetSocketAddress from) {
        if (Disco.isDisco(buf, off, length)) {
            DiscoResponder d = disco;
            if (d != null) {
                d.handle(atZero(buf, off, length), length, from, this);
            }
            return;
        }
        if (toEngine(buf, off, length, from)) {
            return;
        }
        byte[] d = atZero(buf, off, length);
        MuxSocket to = route(d, length);
        if (to != null) {
            to.deliver(d, length, from);
        }
    }

    /** {@code buf[off, off + length)} at offset 0: disco and kwik's routes take it so (they are not the hot path). */
    private static byte[] atZero(byte[] buf, int off, int length) {
        return off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, off + length);
    }

    /** The view a datagram goes to, or null to drop it. */
    MuxSocket route(byte[] d, int len) {
        if (len < 1 + CID_LENGTH || clients.isEmpty()) {
            return server;
        }
        int at;
        if ((d[0] & 0x80) != 0) { // long header: flags, version (4), id length, id
            if (len < 6 + CID_LENGTH || d[5] != CID_LENGTH) {
                return server;
            }
            at = 6;
        } else {
            at = 1;
        }
        long key = 0;
        for (int i = 0; i < CID_LENGTH; i++) {
            key = key << 8 | (d[at + i] & 0xff);
        }
        MuxSocket cached = routes.get(key);
        if (cached != null) {
            return cached.isClosed() ? server : cached;
        }
        byte[] cid = java.util.Arrays.copyOfRange(d, at, at + CID_LENGTH);
        MuxSocket to = server;
        for (MuxSocket c : clients) {
            if (c.owns(cid)) {
                to = c;
                break;
            }
        }
        if (to != null) {
            if (routes.size() >= ROUTE_CACHE) {
                routes.clear();
            }
            routes.put(key, to);
        }
        return to;
    }

    /** Closes the shared socket; the views' owners (kwik) close the views. */
    @Override
    public void close() {
        closed = true;
        socket.close();
        for (MuxSocket c : clients) {
            c.close();
        }
        MuxSocket s = server;
        if (s != null) {
            s.close();
        }
        reader.interrupt();
    }
}
