package io.objsync.protocol;

import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.iroh.IrohNode;
import io.objsync.ticket.BlobFormat;
import io.objsync.ticket.BlobTicket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real iroh 0.35 node and our {@link QuicEndpoint} complete iroh's QUIC + TLS handshake (raw Ed25519 keys
 * both ways, iroh's server name) and move a blob over it: iroh downloads from our {@link BlobProvider} by a
 * ticket naming our UDP address, and the bytes it stores are ours; and we download from iroh with our
 * {@link BlobDownloader} (iroh 0.35 answers only UDP sources it knows, so it is told our dialling address first).
 */
@Tag("iroh")
class IrohQuicInteropTest {

    @Test
    void irohDownloadsABlobFromOurQuicEndpoint() throws Exception {
        byte[] data = new byte[1_000_000]; // many chunk groups, not a multiple of 16 KiB
        new Random(12).nextBytes(data);
        MemoryBlobs blobs = new MemoryBlobs();
        Hash hash = blobs.put(data);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (IrohNode iroh = IrohNode.start();
             QuicEndpoint ours = QuicEndpoint.bind(NodeKey.generate(), loopback,
                     Map.of(Alpn.BLOBS, new BlobProvider(blobs)))) {
            String ticket = BlobTicket.of(ours.addr(), hash, BlobFormat.RAW).toString();

            IrohNode.Downloaded got = iroh.download(ticket);

            assertEquals(hash, got.hash());
            assertEquals("Complete", iroh.status(hash));
            assertArrayEquals(data, iroh.read(hash));
            long groups = (data.length + 16383) / 16384;
            assertEquals(8 + data.length + 64 * (groups - 1), got.bytesRead());
        }
    }

    @Test
    void weDownloadABlobFromIrohOverQuic() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(13).nextBytes(data);
        QuicEndpoint ours = QuicEndpoint.bind(NodeKey.generate(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
        try (IrohNode iroh = IrohNode.start(); ours) {
            IrohNode.Added added = iroh.addBytes(data);
            iroh.addPeer(ours.addr()); // iroh 0.35 answers only addresses it knows: our one socket's
            NodeAddr irohAt = NodeAddr.of(iroh.nodeId(), iroh.addrs().stream()
                    .filter(a -> a.getAddress() instanceof Inet4Address).toArray(InetSocketAddress[]::new));
            MemoryBlobs sink = new MemoryBlobs();

            DownloadStats stats = new BlobDownloader(ours, sink, sink)
                    .fetch(irohAt, GetRequest.blob(added.hash()));

            assertArrayEquals(data, sink.complete.get(added.hash()));
            long groups = (data.length + 16383) / 16384;
            assertEquals(8 + data.length + 64 * (groups - 1), stats.streamBytes());
        }
    }

    /**
     * As a user's dial goes: we hold iroh's ticket and iroh knows nothing of us. Its magicsock drops QUIC from
     * unknown sources, so this works only because the dial's disco ping (from the same socket) made iroh learn our
     * address first.
     */
    @Test
    void weDownloadFromAnIrohNodeThatWasNeverToldOurAddress() throws Exception {
        byte[] data = new byte[300_000];
        new Random(15).nextBytes(data);
        try (QuicEndpoint ours = QuicEndpoint.bind(NodeKey.generate(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
             IrohNode iroh = IrohNode.start()) {
            IrohNode.Added added = iroh.addBytes(data);
            BlobTicket ticket = BlobTicket.parse(added.ticket());
            MemoryBlobs sink = new MemoryBlobs();

            new BlobDownloader(ours, sink, sink).fetch(ticket.node(), GetRequest.blob(ticket.hash()));

            assertArrayEquals(data, sink.complete.get(added.hash()));
        }
    }

    /**
     * iroh 0.35's provider has no GetMany (0.99 added it): it ends the response at once, sending nothing, while a
     * Get of the same blob on the same connection is served. objsync's node falls back on that (BlobFetch).
     */
    @Test
    void irohAnswersGetManyWithNothingAndGetWithTheBlob() throws Exception {
        byte[] data = new byte[100_000];
        new Random(14).nextBytes(data);
        try (QuicEndpoint ours = QuicEndpoint.bind(NodeKey.generate(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of());
             IrohNode iroh = IrohNode.start()) {
            IrohNode.Added added = iroh.addBytes(data);
            iroh.addPeer(ours.addr());
            NodeAddr irohAt = NodeAddr.of(iroh.nodeId(), iroh.addrs().stream()
                    .filter(a -> a.getAddress() instanceof Inet4Address).toArray(InetSocketAddress[]::new));
            assertEquals(0, response(ours, irohAt, GetManyRequest.blobs(List.of(added.hash()))).length);
            long groups = (data.length + 16383) / 16384;
            assertEquals(8 + data.length + 64 * (groups - 1),
                    response(ours, irohAt, GetRequest.blob(added.hash())).length);
        }
    }

    private static byte[] response(QuicEndpoint from, NodeAddr to, BlobRequest request) throws Exception {
        try (PeerStream s = from.connect(to, Alpn.BLOBS)) {
            s.output().write(request.encode());
            s.finishOutput();
            return s.input().readAllBytes();
        }
    }
}
