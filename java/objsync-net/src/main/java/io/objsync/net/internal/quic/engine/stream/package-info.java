/**
 * Streams of our own QUIC data path (RFC 9000 sections 2-4): each stream's receive and send buffers, the
 * connection's flow control, and stream ids and limits. Non-blocking structures owned by one connection thread; the
 * engine adds the threads, blocking and frames around them. Peer errors surface as {@link
 * io.objsync.net.internal.quic.engine.QuicTransportException}. Not API.
 */
package io.objsync.net.internal.quic.engine.stream;
