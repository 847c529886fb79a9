package io.objsync.net;

import io.objsync.net.internal.Dispatcher;
import io.objsync.net.internal.Pipe;
import io.objsync.net.internal.PipeStream;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network inside one JVM, for tests: endpoints find each other by node id (addresses are ignored) and
 * streams are pairs of bounded {@linkplain TransportLimits#pipeBytes() pipes}, so a slow reader slows its
 * writer instead of filling memory. Limits and timeouts behave as on the TLS transport; identities are
 * taken on trust (there is no handshake).
 */
public final class MemoryNetwork {

    private final Map<NodeId, Node> nodes = new ConcurrentHashMap<>();

    private MemoryNetwork() {
    }

    /** An empty network. */
    public static MemoryNetwork create() {
        return new MemoryNetwork();
    }

    /** Joins the network as {@code key}'s node with default limits. */
    public Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers) {
        return bind(key, handlers, TransportLimits.defaults());
    }

    /**
     * Joins the network as {@code key}'s node, serving {@code handlers} (protocol id to handler).
     *
     * @throws IllegalStateException when a node with that id is already bound
     */
    public Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) {
        Node node = new Node(key.nodeId(), new Dispatcher(handlers, limits, "objsync-mem-" + key.nodeId().shortForm()));
        if (nodes.putIfAbsent(node.id, node) != null) {
            node.dispatcher.close();
            throw new IllegalStateException("node " + node.id + " is already bound");
        }
        return node;
    }

    private final class Node implements Endpoint {
        final NodeId id;
        final Dispatcher dispatcher;

        Node(NodeId id, Dispatcher dispatcher) {
            this.id = id;
            this.dispatcher = dispatcher;
        }

        @Override
        public NodeId nodeId() {
            return id;
        }

        @Override
        public NodeAddr addr() {
            return NodeAddr.of(id);
        }

        @Override
        public PeerStream connect(NodeAddr peer, String alpn) throws PeerUnreachableException,
                UnsupportedProtocolException {
            Objects.requireNonNull(alpn, "alpn");
            if (dispatcher.isClosed()) {
                throw new IllegalStateException("endpoint closed");
            }
            Node target = nodes.get(peer.nodeId());
            if (target == null) {
                throw new PeerUnreachableException("no node " + peer.nodeId() + " on this memory network");
            }
            if (!target.dispatcher.serves(alpn)) {
                throw new UnsupportedProtocolException("node " + peer.nodeId().shortForm() + " does not serve " + alpn, null);
            }
            TransportLimits mine = dispatcher.limits();
            TransportLimits theirs = target.dispatcher.limits();
            String name = alpn + " " + id.shortForm() + "->" + target.id.shortForm();
            Pipe up = new Pipe(theirs.pipeBytes(), theirs.idleTimeout().toNanos(), mine.stallTimeout().toNanos(), name);
            Pipe down = new Pipe(mine.pipeBytes(), mine.idleTimeout().toNanos(), theirs.stallTimeout().toNanos(), name);
            PipeStream[] mineHolder = new PipeStream[1];
            PipeStream client = new PipeStream(target.id, alpn, down, up, () -> dispatcher.forget(mineHolder[0]));
            mineHolder[0] = client;
            dispatcher.track(client);
            target.accept(new PipeStream(id, alpn, up, down, () -> { }));
            return client;
        }

        /** Serves {@code s} within the limits, or resets it (the dialler sees the reset on first use). */
        void accept(PipeStream s) {
            if (!dispatcher.tryAcquireSlot()) {
                s.close();
                return;
            }
            if (!dispatcher.tryAcquirePeer(s.peer())) {
                dispatcher.releaseSlot();
                s.close();
                return;
            }
            boolean started = dispatcher.execute(() -> {
                try {
                    dispatcher.serve(s);
                } finally {
                    dispatcher.releasePeer(s.peer());
                    dispatcher.releaseSlot();
                }
            });
            if (!started) {
                dispatcher.releasePeer(s.peer());
                dispatcher.releaseSlot();
                s.close();
            }
        }

        @Override
        public void close() {
            if (nodes.remove(id, this)) {
                dispatcher.close();
            }
        }

        @Override
        public String toString() {
            return "MemoryEndpoint(" + id.shortForm() + ")";
        }
    }
}
