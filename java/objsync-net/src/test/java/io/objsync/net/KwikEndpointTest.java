package io.objsync.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Every {@link QuicEndpointTest} (the {@link TransportContract} and the QUIC-specific cases) with
 * {@link QuicEndpoint} on kwik's data path, which stays selectable ({@code -Dobjsync.quic.dataPath=kwik}) while our
 * own proves itself.
 */
class KwikEndpointTest extends QuicEndpointTest {

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) throws IOException {
        return KwikEndpoints.bind(key, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handlers, limits);
    }
}
