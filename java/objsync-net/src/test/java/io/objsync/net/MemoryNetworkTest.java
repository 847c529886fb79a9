package io.objsync.net;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryNetworkTest extends TransportContract {

    private final MemoryNetwork network = MemoryNetwork.create();

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) {
        return network.bind(key, handlers, limits.withPipeBytes(8 * 1024));
    }

    @Test
    void anUnknownNodeIsUnreachable() throws Exception {
        Endpoint client = node(Map.of(), TransportLimits.defaults());
        assertThrows(PeerUnreachableException.class,
                () -> client.connect(NodeAddr.of(NodeKey.generate().nodeId()), ECHO));
    }

    @Test
    void oneIdBindsOnce() {
        NodeKey key = NodeKey.generate();
        try (Endpoint e = network.bind(key, Map.of())) {
            assertThrows(IllegalStateException.class, () -> network.bind(key, Map.of()));
        }
    }
}
