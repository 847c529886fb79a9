package io.objsync.protocol;

import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.StreamHandler;
import io.objsync.net.TransportLimits;

import java.util.Map;

class MemoryBlobTransferTest extends BlobTransferContract {

    private final MemoryNetwork network = MemoryNetwork.create();

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) {
        return network.bind(key, handlers, limits.withPipeBytes(16 * 1024));
    }
}
