package io.objsync.protocol;

import io.objsync.hash.Hash;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.StreamHandler;
import io.objsync.net.TlsEndpoint;
import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsBlobTransferTest extends BlobTransferContract {

    @Override
    Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits) throws IOException {
        return TlsEndpoint.bind(key, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handlers, limits);
    }

    @Test
    void aProviderWithAnotherKeyIsRefusedBeforeAnyRequest() throws Exception {
        Hash h = served.put(random(1000, 20));
        Endpoint p = provider();
        NodeAddr impostor = NodeAddr.of(NodeKey.generate().nodeId(), null, p.addr().directAddresses());
        assertThrows(PeerIdentityException.class, () -> downloader().fetch(impostor, GetRequest.blob(h)));
        assertTrue(received.pieces.isEmpty());
        assertFalse(received.complete.containsKey(h));
    }
}
