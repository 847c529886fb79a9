package io.objsync.net;

import java.io.Closeable;
import java.io.IOException;

/**
 * This node's presence on a transport: it opens streams to peers and accepts theirs, dispatching each to the
 * {@link StreamHandler} registered for its protocol. Implementations: {@link MemoryNetwork} (tests),
 * {@link TlsEndpoint} (TLS 1.3 over TCP) and {@link QuicEndpoint} (QUIC, iroh 0.35's handshake). Thread-safe.
 */
public interface Endpoint extends Closeable {

    /** This node's id. */
    NodeId nodeId();

    /** How peers reach this endpoint: for tickets. */
    NodeAddr addr();

    /**
     * Opens a stream to {@code peer} for protocol {@code alpn}.
     *
     * @throws PeerIdentityException          when the node reached proves another id than {@code peer}'s
     * @throws UnsupportedProtocolException   when the peer serves no such protocol
     * @throws PeerUnreachableException       when no address of the peer answers
     * @throws StreamTimeoutException         when the peer does not complete the handshake in time
     * @throws IOException                    for other transport failures
     */
    PeerStream connect(NodeAddr peer, String alpn) throws IOException;

    /** Stops accepting, aborts the streams still open and frees the threads. Idempotent. */
    @Override
    void close();
}
