/**
 * Our own QUIC data path, in progress: the parts of QUIC after the handshake (packet protection, frames, loss
 * recovery and congestion control, stream buffers and flow control) written for throughput, so that large
 * transfers stop paying kwik's per-datagram costs. Not used by {@code QuicEndpoint} yet; see
 * docs/architecture.md, "Our own QUIC data path". Not API.
 */
package io.objsync.net.internal.quic.engine;
