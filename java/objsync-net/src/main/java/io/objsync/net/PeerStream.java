package io.objsync.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One bidirectional byte stream with an authenticated peer, opened for one protocol (ALPN), like a QUIC stream
 * in the reference. Each direction ends on its own: {@link #finishOutput()} tells the peer "no more bytes"
 * (it reads end-of-stream) while this side can still read the answer.
 *
 * <p>Reads wait at most the transport's idle timeout for the next byte and writes block at most its stall
 * timeout while the peer does not read (backpressure, not buffering); either then fails with a
 * {@link StreamTimeoutException}. Not thread-safe per direction: one reader and one writer at a time.
 */
public interface PeerStream extends Closeable {

    /** The peer's node id, proven by its handshake (or, in memory, by the network). */
    NodeId peer();

    /**
     * Where the peer can be dialled: on a stream we opened, the address we dialled; on one we accepted, what
     * the transport learned (over TLS, the listening port the peer's certificate advertises, at the address the
     * connection came from; in memory, the node id is enough); without that, the node id alone.
     */
    default NodeAddr peerAddr() {
        return NodeAddr.of(peer());
    }

    /** The protocol this stream was opened for. */
    String alpn();

    /** Bytes from the peer; {@code -1} once the peer has finished its output. */
    InputStream input();

    /** Bytes to the peer. Closing it is {@link #finishOutput()}. */
    OutputStream output();

    /** Flushes and ends this side's output: the peer reads end-of-stream after the bytes sent. Idempotent. */
    void finishOutput() throws IOException;

    /**
     * Closes both directions. If the output was not finished, the peer sees the stream reset (an error), not a
     * clean end, so a half-sent message is never taken for a whole one. Idempotent.
     */
    @Override
    void close();
}
