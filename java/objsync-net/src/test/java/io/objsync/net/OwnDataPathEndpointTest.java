package io.objsync.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Every {@link QuicEndpointTest} (the {@link TransportContract} and the QUIC-specific cases: wrong keys,
 * unreachable and silent addresses, many streams, garbage datagrams, dialling back) with {@link QuicEndpoint} on
 * our own data path instead of kwik. Cases that bind a kwik endpoint by name still test kwik.
 */
class OwnDataPathEndpointTest extends QuicEndpointTest {

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) throws IOException {
        return QuicEndpoint.bindOwnDataPath(key, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handlers, limits);
    }
}
