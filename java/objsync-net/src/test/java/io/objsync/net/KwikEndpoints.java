package io.objsync.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/** Binds a {@link QuicEndpoint} on kwik's data path, for the tests that reach into kwik. */
public final class KwikEndpoints {

    private KwikEndpoints() {
    }

    /** {@link QuicEndpoint#bind(NodeKey, InetSocketAddress, Map, TransportLimits)} on kwik. */
    public static QuicEndpoint bind(NodeKey key, InetSocketAddress listen, Map<String, StreamHandler> handlers,
                                    TransportLimits limits) throws IOException {
        return QuicEndpoint.bindKwik(key, listen, handlers, limits);
    }
}
