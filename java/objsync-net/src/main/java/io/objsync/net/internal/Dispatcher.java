package io.objsync.net.internal;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.net.PeerUnreachableException;
import io.objsync.net.StreamHandler;
import io.objsync.net.TransportLimits;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The accept side shared by the transports: the handler per protocol, the bounds on streams served at once
 * (in total, per peer, and per source address before the handshake), the threads that run handlers, and the
 * open streams to abort on close.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Map<String, StreamHandler> handlers;
    private final TransportLimits limits;
    private final Semaphore slots;
    private final BoundedCounts<NodeId> perPeer = new BoundedCounts<>();
    private final BoundedCounts<InetAddress> pendingPerSource = new BoundedCounts<>();
    private final int maxPendingPerSource;
    private final Set<PeerStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean closed;

    /** Serves {@code handlers} within {@code limits}; thread names start with {@code name}. */
    public Dispatcher(Map<String, StreamHandler> handlers, TransportLimits limits, String name) {
        this.handlers = Map.copyOf(handlers);
        this.limits = limits;
        this.slots = new Semaphore(limits.maxStreams());
        // One source never holds more than half the slots unauthenticated, whatever maxPendingPerAddress says.
        this.maxPendingPerSource = Math.min(limits.maxPendingPerAddress(), Math.max(1, limits.maxStreams() / 2));
        AtomicInteger n = new AtomicInteger();
        // Unbounded pool, but a task only starts after taking a slot, so at most maxStreams run at once.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The limits in force. */
    public TransportLimits limits() {
        return limits;
    }

    /** Whether a handler serves {@code alpn}. */
    public boolean serves(String alpn) {
        return handlers.containsKey(alpn);
    }

    /** Takes one of the {@code maxStreams} slots, or returns false when all are taken or the endpoint closed. */
    public boolean tryAcquireSlot() {
        return !closed && slots.tryAcquire();
    }

    /** Returns a slot. */
    public void releaseSlot() {
        slots.release();
    }

    /** Counts a stream for {@code peer}, or returns false when it already has {@code maxStreamsPerPeer}. */
    public boolean tryAcquirePeer(NodeId peer) {
        return perPeer.tryAcquire(peer, limits.maxStreamsPerPeer());
    }

    /** Uncounts a stream for {@code peer}. */
    public void releasePeer(NodeId peer) {
        perPeer.release(peer);
    }

    /**
     * Counts a connection from {@code source} that has not finished its handshake, or returns false when the
     * source already holds its share: identities cost nothing, so before authentication the source address is
     * the only thing that tells one attacker's connections from an honest peer's.
     */
    public boolean tryAcquirePending(InetAddress source) {
        return pendingPerSource.tryAcquire(sourceKey(source), maxPendingPerSource);
    }

    /** Uncounts a connection from {@code source} that finished (or failed) its handshake. */
    public void releasePending(InetAddress source) {
        pendingPerSource.release(sourceKey(source));
    }

    /** IPv6 hosts usually own a whole /64, so its addresses count as one source. */
    static InetAddress sourceKey(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] prefix = Arrays.copyOf(Arrays.copyOf(a.getAddress(), 8), 16);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes is an IPv6 address", e);
        }
    }

    /** Runs {@code task} on a handler thread; false when the endpoint is closed. */
    public boolean execute(Runnable task) {
        try {
            threads.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Keeps {@code s} to abort when the endpoint closes; until {@link #forget(PeerStream)}. */
    public void track(PeerStream s) {
        open.add(s);
        if (closed) {
            s.close();
        }
    }

    /** Stops tracking {@code s}. */
    public void forget(PeerStream s) {
        open.remove(s);
    }

    /** Runs the handler for the stream's protocol, then closes the stream (a reset if unfinished). */
    public void serve(PeerStream s) {
        track(s);
        try {
            StreamHandler h = handlers.get(s.alpn());
            if (h != null) {
                h.handle(s);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "handler for " + s.alpn() + " from " + s.peer().shortForm() + " failed");
        } finally {
            s.close();
            forget(s);
        }
    }

    /**
     * The checks every transport's {@code connect} starts with: arguments, an open endpoint, and at least one
     * direct address (relays are not dialled).
     *
     * @throws PeerUnreachableException when {@code peer} has no direct address
     */
    public void checkDial(NodeAddr peer, String alpn) throws PeerUnreachableException {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(alpn, "alpn");
        if (closed) {
            throw new IllegalStateException("endpoint closed");
        }
        if (peer.directAddresses().isEmpty()) {
            throw new PeerUnreachableException("no direct address for node " + peer.nodeId().shortForm()
                    + " (relays are not supported)");
        }
    }

    /** The failure of a {@code connect} none of whose addresses answered, with each address's failure. */
    public static PeerUnreachableException noneAnswered(NodeAddr peer, List<IOException> failures) {
        PeerUnreachableException e = new PeerUnreachableException("no address of node " + peer.nodeId().shortForm()
                + " answered: " + peer.directAddresses());
        failures.forEach(e::addSuppressed);
        return e;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Aborts open streams and stops the handler threads. */
    @Override
    public void close() {
        closed = true;
        for (PeerStream s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
