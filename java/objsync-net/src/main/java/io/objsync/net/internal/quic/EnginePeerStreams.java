package io.objsync.net.internal.quic;

import io.objsync.net.NodeAddr;
import io.objsync.net.PeerStream;
import io.objsync.net.TransportLimits;
import io.objsync.net.internal.Watchdog;
import io.objsync.net.internal.quic.engine.EngineStream;

/** Makes {@link PeerStream}s of our own data path's streams for {@code QuicEndpoint} (another package). */
public final class EnginePeerStreams {

    private EnginePeerStreams() {
    }

    /** {@code stream} to {@code peer} speaking {@code alpn}, its reads and writes bounded by {@code limits}. */
    public static PeerStream of(NodeAddr peer, String alpn, EngineStream stream, Watchdog watchdog,
                                TransportLimits limits, Runnable onClose) {
        return new EnginePeerStream(peer, alpn, stream, watchdog, limits.idleTimeout().toNanos(),
                limits.stallTimeout().toNanos(), onClose);
    }
}
