package io.objsync.node;

import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Query;
import io.objsync.docs.ReadOnlyReplicaException;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Hash;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.StreamHandler;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.TlsEndpoint;
import io.objsync.protocol.BlobProtocol;
import io.objsync.hash.Blake3;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStatus;
import io.objsync.store.Collection;
import io.objsync.store.ImportProgress;
import io.objsync.store.TempPin;
import io.objsync.ticket.DocTicket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two and three nodes over loopback TLS in one JVM. */
class NodeTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    Node a;
    Node b;

    @BeforeEach
    void start() throws IOException {
        a = node("a");
        b = node("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A bare endpoint on the transport under test, for providers that misbehave. */
    Endpoint endpoint(Map<String, StreamHandler> handlers) throws IOException {
        return TlsEndpoint.bind(NodeKey.generate(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handlers);
    }

    /** The transport under test: TLS here, QUIC in {@link QuicNodeTest}. */
    NodeConfig config(Path home) {
        return NodeConfig.tls(home);
    }

    Node node(String name) throws IOException {
        Node n = Node.open(config(dir.resolve(name)));
        open.add(n);
        return n;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Hash add(Node n, byte[] data) throws IOException {
        try (TempPin p = n.blobs().add(data)) {
            n.blobs().setTag("test", p.hash(), BlobFormat.RAW);
            return p.hash();
        }
    }

    @Test
    void blobArrivesVerified() throws IOException {
        byte[] data = random(3 * 1024 * 1024 + 77, 1);
        Hash h = add(a, data);
        DownloadResult r = b.download(h, BlobFormat.RAW, List.of(a.addr()), DownloadListener.NONE,
                Cancellation.create());
        assertEquals(a.addr(), r.provider());
        assertTrue(b.blobs().has(h));
        assertArrayEquals(data, b.blobs().read(h, 0, data.length));
        // a second download finds everything held and asks nobody
        assertNull(b.download(h, BlobFormat.RAW, List.of(), DownloadListener.NONE, Cancellation.create()).provider());
    }

    @Test
    void collectionCompletesWithEveryChild() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.write(src.resolve("one.bin"), random(200_000, 2));
        Files.write(src.resolve("sub/two.txt"), "hello".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("three.bin"), random(40_000, 3));
        Hash root;
        try (TempPin p = a.blobs().addDirectory(src, ImportProgress.NONE)) {
            root = p.hash();
            a.blobs().setTag("dir", root, BlobFormat.HASH_SEQ);
        }
        b.download(root, BlobFormat.HASH_SEQ, List.of(a.addr()), DownloadListener.NONE, Cancellation.create());
        assertTrue(b.blobs().isCollectionComplete(root));
        Collection c = b.blobs().readCollection(root);
        assertEquals(3, c.entries().size());
        for (Collection.Entry e : c.entries()) {
            byte[] expected = Files.readAllBytes(src.resolve(e.name()));
            assertArrayEquals(expected, b.blobs().read(e.hash(), 0, expected.length), e.name());
        }
    }

    @Test
    void byteRangeArrivesAlone() throws IOException {
        byte[] data = random(1024 * 1024, 4);
        Hash h = add(a, data);
        b.downloadRange(h, 300_000, 5_000, List.of(a.addr()), DownloadListener.NONE, Cancellation.create());
        assertArrayEquals(Arrays.copyOfRange(data, 300_000, 305_000), b.blobs().read(h, 300_000, 5_000));
        int group = 16 * 1024;
        b.downloadRange(h, 20 * group, 4 * group, List.of(a.addr()), DownloadListener.NONE, Cancellation.create());
        BlobStatus s = b.blobs().status(h).orElseThrow();
        assertFalse(s.isComplete());
        assertThrows(IOException.class, () -> b.blobs().read(h, 0, 1000));
        // the partial blob is a provider too, for the whole chunk groups it holds
        Node c = node("c");
        c.downloadRange(h, 330_000, 1_000, List.of(b.addr()), DownloadListener.NONE, Cancellation.create());
        assertArrayEquals(Arrays.copyOfRange(data, 330_000, 331_000), c.blobs().read(h, 330_000, 1_000));
        assertThrows(DownloadFailedException.class, () -> c.downloadRange(h, 0, 1_000, List.of(b.addr()),
                DownloadListener.NONE, Cancellation.create()));
    }

    @Test
    void corruptingProviderIsDroppedForTheNext() throws IOException {
        byte[] data = random(2 * 1024 * 1024, 5);
        Hash h = add(a, data);
        Endpoint liar = corrupting(h);
        List<IOException> seen = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void onProviderFailed(NodeAddr provider, IOException cause) {
                seen.add(cause);
            }
        };
        DownloadResult r = b.download(h, BlobFormat.RAW, List.of(liar.addr(), a.addr()), listener,
                Cancellation.create());
        assertEquals(a.addr(), r.provider());
        assertEquals(1, r.failures());
        assertInstanceOf(BaoVerificationException.class, seen.get(0));
        assertArrayEquals(data, b.blobs().read(h, 0, data.length));
    }

    @Test
    void onlyACorruptingProviderLeavesOnlyVerifiedBytes() throws IOException {
        byte[] data = random(2 * 1024 * 1024, 6);
        Hash h = add(a, data);
        Endpoint liar = corrupting(h);
        DownloadFailedException e = assertThrows(DownloadFailedException.class, () -> b.download(h, BlobFormat.RAW,
                List.of(liar.addr()), DownloadListener.NONE, Cancellation.create()));
        assertInstanceOf(BaoVerificationException.class, e.getSuppressed()[0]);
        Optional<BlobStatus> s = b.blobs().status(h);
        assertTrue(s.isEmpty() || !s.get().isComplete());
        if (s.isPresent()) {
            // whatever was kept verified: every kept group reads back as the original
            long[] bounds = s.get().verified().boundaries();
            for (int i = 0; i + 1 < bounds.length; i += 2) {
                int from = (int) (bounds[i] * 1024);
                int to = (int) Math.min(data.length, bounds[i + 1] * 1024);
                assertArrayEquals(Arrays.copyOfRange(data, from, to), b.blobs().read(h, from, to - from));
            }
        }
    }

    /** A provider that answers with A's response for {@code h}, one byte flipped halfway. */
    private Endpoint corrupting(Hash h) throws IOException {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        a.blobs().serve(h, ChunkRanges.all(), good);
        byte[] bad = good.toByteArray();
        bad[bad.length / 2] ^= 1;
        Endpoint e = endpoint(Map.of(BlobProtocol.ALPN, s -> {
            BlobProtocol.readRequest(s.input());
            s.output().write(bad);
            s.finishOutput();
        }));
        open.add(e);
        return e;
    }

    @Test
    void peerWithAnotherKeyIsRefused() throws IOException {
        Hash h = add(a, random(10_000, 7));
        NodeAddr impostor = NodeAddr.of(NodeKey.generate().nodeId(), null, a.addr().directAddresses());
        DownloadFailedException e = assertThrows(DownloadFailedException.class, () -> b.download(h, BlobFormat.RAW,
                List.of(impostor), DownloadListener.NONE, Cancellation.create()));
        assertInstanceOf(PeerIdentityException.class, e.getSuppressed()[0]);
        assertTrue(b.blobs().status(h).isEmpty());
    }

    @Test
    void cancelledDownloadResumesWhereItStopped() throws IOException {
        byte[] data = random(8 * 1024 * 1024, 8);
        Hash h = add(a, data);
        Cancellation cancel = Cancellation.create();
        DownloadListener cutAt2MiB = new DownloadListener() {
            @Override
            public void onBytes(long total) {
                if (total > 2 * 1024 * 1024) {
                    cancel.cancel();
                }
            }
        };
        assertThrows(DownloadCancelledException.class,
                () -> b.download(h, BlobFormat.RAW, List.of(a.addr()), cutAt2MiB, cancel));
        assertFalse(b.blobs().has(h));
        DownloadResult r = b.download(h, BlobFormat.RAW, List.of(a.addr()), DownloadListener.NONE,
                Cancellation.create());
        assertTrue(r.bytesReceived() < data.length, "resumed: " + r.bytesReceived());
        assertArrayEquals(data, b.blobs().read(h, 0, data.length));
    }

    @Test
    void documentSyncBringsEntriesAndContent() throws IOException {
        AuthorSecret alice = AuthorSecret.generate();
        Replica doc = a.createDoc();
        byte[] big = random(300_000, 9);
        a.insert(doc, alice, bytes("k1"), bytes("v1"));
        a.insert(doc, alice, bytes("k2"), big);

        // a read ticket: entries and content arrive, local writes are refused
        Node c = node("c");
        DocTicket read = a.shareDoc(doc.id(), DocShareMode.READ);
        Replica ro = c.joinDoc(DocTicket.parse(read.toString()));
        assertFalse(ro.isWritable());
        assertEquals(Map.of("k1", "v1", "k2", Blake3.hash(big)), contents(c, ro));
        assertThrows(ReadOnlyReplicaException.class, () -> c.insert(ro, alice, bytes("x"), bytes("y")));
        assertThrows(ReadOnlyReplicaException.class,
                () -> c.doc(doc.id()).orElseThrow().insert(alice, bytes("x"), Blake3.hash(bytes("y")), 1));

        // a write ticket: B writes, A syncs with B and gets B's entry and its content
        Replica rw = b.joinDoc(a.shareDoc(doc.id(), DocShareMode.WRITE));
        assertTrue(rw.isWritable());
        AuthorSecret bob = AuthorSecret.generate();
        b.insert(rw, bob, bytes("k3"), bytes("from b"));
        DocSyncResult r = a.syncDoc(doc.id(), b.addr());
        assertEquals(1, r.outcome().inserted());
        assertEquals(1, r.contentFetched());
        assertEquals("from b", text(a.content(a.doc(doc.id()).orElseThrow()
                .get(bob.id(), bytes("k3")).orElseThrow()).orElseThrow()));
    }

    @Test
    void acceptingSideFetchesContentFromADialerItKnows() throws Exception {
        acceptingSideFetchesContent(true);
    }

    @Test
    void acceptingSideFetchesContentFromADialerItNeverDialled() throws Exception {
        // A learns where B listens from B's certificate (the port) and the connection (the address)
        acceptingSideFetchesContent(false);
    }

    void acceptingSideFetchesContent(boolean aDialsBFirst) throws Exception {
        AuthorSecret alice = AuthorSecret.generate();
        Replica doc = a.createDoc();
        Replica rw = b.joinDoc(a.shareDoc(doc.id(), DocShareMode.WRITE)); // B now knows A's address, A learns B's id
        if (aDialsBFirst) {
            a.syncDoc(doc.id(), b.addr()); // ... and A knows B's
        }
        b.insert(rw, alice, bytes("pushed"), bytes("by b"));
        b.syncDoc(doc.id(), a.addr()); // B dials; A accepts, ingests, and fetches the content from B
        SignedEntry e = a.doc(doc.id()).orElseThrow().get(alice.id(), bytes("pushed")).orElseThrow();
        // A fetches after the session ends, while B has already returned: wait for it
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (a.content(e).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("by b", text(a.content(e).orElseThrow()));
    }

    @Test
    void policyRefusesUnservedDocuments() throws IOException {
        Node strict = Node.open(config(dir.resolve("strict")).withServePolicy((ns, peer) -> false));
        open.add(strict);
        Replica doc = strict.createDoc();
        IOException e = assertThrows(IOException.class, () -> b.joinDoc(strict.shareDoc(doc.id(), DocShareMode.READ)));
        assertInstanceOf(io.objsync.docs.sync.SyncProtocolException.class, e.getSuppressed()[0]);
        assertTrue(e.getMessage().contains(e.getSuppressed()[0].getMessage()), e.getMessage()); // says why
    }

    private Map<String, Object> contents(Node n, Replica r) throws IOException {
        Map<String, Object> out = new java.util.TreeMap<>();
        for (SignedEntry e : r.query(Query.all())) {
            byte[] v = n.content(e).orElseThrow(() -> new AssertionError("content of " + e + " missing"));
            out.put(text(e.key()), v.length > 100 ? Blake3.hash(v) : text(v));
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
