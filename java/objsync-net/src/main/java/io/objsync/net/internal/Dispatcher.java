package io.objsync.net.internal;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.net.PeerUnreachableException;
import io.objsync.net.StreamHandler;
import io.objsync.net.TransportLimits;

import java.io.IOException;
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
 * (in total and per peer), the threads that run handlers, and the open streams to abort on close.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Map<String, StreamHandler> handlers;
    private final TransportLimits limits;
    private final Semaphore slots;
    private final Map<NodeId, Integer> perPeer = new ConcurrentHashMap<>();
    private final Set<PeerStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean closed;

    /** Serves {@code handlers} within {@code limits}; thread names start with {@code name}. */
    public Dispatcher(Map<String, StreamHandler> handlers, TransportLimits limits, String name) {
        this.handlers = Map.copyOf(handlers);
        this.limits = limits;
        this.slots = new Semaphore(limits.maxStreams());
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
        boolean[] ok = {false};
        perPeer.compute(peer, (k, v) -> {
            int c = v == null ? 0 : v;
            ok[0] = c < limits.maxStreamsPerPeer();
            return ok[0] ? c + 1 : v;
        });
        return ok[0];
    }

    /** Uncounts a stream for {@code peer}. */
    public void releasePeer(NodeId peer) {
        perPeer.computeIfPresent(peer, (k, v) -> v <= 1 ? null : v - 1);
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
