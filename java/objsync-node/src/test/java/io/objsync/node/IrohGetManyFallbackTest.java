package io.objsync.node;

import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.iroh.IrohNode;
import io.objsync.store.BlobStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Content by GetMany from a real iroh 0.35 node, which has none: the fetch falls back to Get and remembers it. */
@Tag("iroh")
class IrohGetManyFallbackTest {

    @TempDir
    Path dir;

    @Test
    void contentFromIrohArrivesByGetAndIrohIsRememberedAsGetOnly() throws Exception {
        byte[] a = new byte[50_000];
        byte[] b = new byte[70_000];
        new Random(3).nextBytes(a);
        new Random(4).nextBytes(b);
        try (IrohNode iroh = IrohNode.start(); BlobStore ours = BlobStore.open(dir.resolve("blobs"));
             QuicEndpoint us = QuicEndpoint.bind(NodeKey.generate(),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of())) {
            Hash ha = iroh.addBytes(a).hash();
            Hash hb = iroh.addBytes(b).hash();
            iroh.addPeer(us.addr());
            NodeAddr irohAt = NodeAddr.of(iroh.nodeId(), iroh.addrs().stream()
                    .filter(x -> x.getAddress() instanceof Inet4Address).toArray(InetSocketAddress[]::new));
            BlobFetch fetch = new BlobFetch(us, ours);

            fetch.many(irohAt, List.of(ha, hb), new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create()));

            assertArrayEquals(a, ours.read(ha, 0, a.length));
            assertArrayEquals(b, ours.read(hb, 0, b.length));
            assertTrue(fetch.getOnly(iroh.nodeId()));
        }
    }
}
