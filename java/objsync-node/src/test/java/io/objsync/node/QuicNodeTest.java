package io.objsync.node;

import io.objsync.net.Endpoint;
import io.objsync.net.NodeKey;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/** Every node test over QUIC (iroh 0.35's handshake) instead of TLS. */
class QuicNodeTest extends NodeTest {

    @Override
    NodeConfig config(Path home) {
        return NodeConfig.quic(home);
    }

    @Override
    Endpoint endpoint(Map<String, StreamHandler> handlers) throws IOException {
        return QuicEndpoint.bind(NodeKey.generate(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handlers);
    }
}
