package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.docs.sync.SyncSession;
import io.objsync.net.Alpn;
import io.objsync.net.NodeKey;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;
import io.objsync.net.TransportLimits;
import io.objsync.net.iroh.IrohNode;
import io.objsync.node.internal.PeerDuplex;
import io.objsync.node.internal.StoreBlobProvider;
import io.objsync.store.BlobStore;
import io.objsync.store.TempPin;
import io.objsync.ticket.DocCapability;
import io.objsync.ticket.DocTicket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Document sync with a real iroh 0.35 node over our {@link QuicEndpoint}: iroh joins our document by a ticket we
 * wrote in its layout, syncs it over {@code /iroh-sync/1} and fetches the content from us over
 * {@code /iroh-bytes/4}. The fields compared are those of the signed entry, so equal fields mean iroh verified
 * and stored our signed bytes.
 */
@Tag("iroh")
class IrohDocSyncInteropTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    @Test
    void irohJoinsOurDocumentAndFetchesItsContentFromUs() throws Exception {
        byte[] key = "from/objsync".getBytes(StandardCharsets.UTF_8);
        byte[] value = "an entry objsync signed, content served over QUIC".getBytes(StandardCharsets.UTF_8);
        NamespaceSecret namespace = NamespaceSecret.generate();
        try (IrohNode iroh = IrohNode.start(); DocStore docs = DocStore.open(dir.resolve("docs"));
             BlobStore blobs = BlobStore.open(dir.resolve("blobs")); TempPin pin = blobs.add(value)) {
            Replica replica = docs.create(namespace);
            SignedEntry mine = replica.insert(AuthorSecret.generate(), key, pin.hash(), value.length);
            StreamHandler sync = stream -> SyncSession.accept(docs, new PeerDuplex(stream), SyncConfig.defaults(),
                    h -> h.equals(pin.hash()) ? ContentStatus.COMPLETE : ContentStatus.MISSING);
            try (QuicEndpoint ours = QuicEndpoint.bind(NodeKey.generate(), LOOPBACK,
                    Map.of(Alpn.DOCS, sync,
                            Alpn.BLOBS, new StoreBlobProvider(blobs, TransportLimits.defaults().idleTimeout())))) {
                DocTicket ticket = DocTicket.of(DocCapability.read(namespace.id().toBytes()), List.of(ours.addr()));

                String doc = iroh.docJoin(ticket.toString(DocTicket.AddrLayout.NODE_ADDR));

                assertEquals(namespace.id().toHex(), doc);
                List<IrohNode.Entry> got = iroh.docEntries(doc);
                assertEquals(1, got.size());
                assertSame(got.get(0), mine);
                assertArrayEquals(value, iroh.docContent(doc, mine.author().toBytes(), key));
            }
        }
    }

    private static void assertSame(IrohNode.Entry iroh, SignedEntry ours) {
        assertArrayEquals(iroh.author(), ours.author().toBytes());
        assertArrayEquals(iroh.key(), ours.key());
        assertEquals(iroh.hash(), ours.record().hash());
        assertEquals(iroh.len(), ours.record().length());
        assertEquals(iroh.timestampMicros(), ours.record().timestamp());
    }
}
