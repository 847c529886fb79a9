package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.InsertEvent;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.Subscription;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.docs.sync.FrameBudget;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;
import io.objsync.node.internal.StoreBlobProvider;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content fetch that follows a document sync, against a peer whose handlers the test watches: the content
 * stream is connected while reconciliation runs, and a content stream cut mid-blob leaves the syncing replica
 * consistent (entries in, no unverified bytes, the blob reported missing and fetchable later).
 */
class DocContentTest {
    @TempDir
    Path dir;

    private final MemoryNetwork net = MemoryNetwork.create();
    private final NamespaceSecret ns = NamespaceSecret.generate();
    private final AuthorSecret author = AuthorSecret.generate();
    /** Blob streams the peer accepted. */
    private final AtomicInteger blobStreams = new AtomicInteger();
    private final CountDownLatch blobStreamOpen = new CountDownLatch(1);
    /** Bytes of a blob response the peer sends before cutting the stream; negative: never cut. */
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private volatile boolean syncWaitedForBlobStream;
    private BlobStore peerBlobs;
    private DocStore peerDocs;
    private Endpoint peer;
    private DocSyncService peerSync;

    @BeforeEach
    void startPeer() throws IOException {
        peerBlobs = BlobStore.open(dir.resolve("peer/store"));
        peerDocs = DocStore.open(dir.resolve("peer/docs"));
        StreamHandler provider = new StoreBlobProvider(peerBlobs, java.time.Duration.ofSeconds(30));
        DocSyncService[] docs = new DocSyncService[1];
        peer = net.bind(NodeKey.generate(), Map.of(
                Alpn.BLOBS, s -> {
                    blobStreams.incrementAndGet();
                    blobStreamOpen.countDown();
                    provider.handle(cutAfter.get() < 0 ? s : new Cut(s, cutAfter.get()));
                },
                Alpn.DOCS, s -> {
                    // answer nothing until the dialer's content stream is connected: only a dialer that opens
                    // it while reconciling gets through without the wait
                    try {
                        syncWaitedForBlobStream = blobStreamOpen.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    docs[0].handle(s);
                }));
        peerSync = new DocSyncService(peer, peerDocs, peerBlobs, new BlobFetch(peer, peerBlobs), DocServePolicy.all(),
                SyncConfig.defaults(), new FrameBudget(64L << 20, Duration.ofSeconds(10)));
        docs[0] = peerSync;
    }

    @AfterEach
    void stopPeer() throws IOException {
        peer.close();
        peerSync.close();
        peerDocs.close();
        peerBlobs.close();
    }

    @Test
    void contentStreamIsConnectedWhileReconciling() throws IOException {
        byte[] value = NodeTest.random(40_000, 3);
        Replica theirs = peerDocs.create(ns);
        theirs.insert(author, NodeTest.bytes("k"), Node.storeContent(peerBlobs, value), value.length);
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            b.docs().create(ns);
            DocSyncResult r = b.syncDoc(ns.id(), peer.addr());

            assertTrue(syncWaitedForBlobStream, "the content stream was not connected during reconciliation");
            assertEquals(1, blobStreams.get(), "one content stream per sync");
            assertEquals(1, r.outcome().inserted());
            assertEquals(1, r.contentFetched());
            SignedEntry e = b.doc(ns.id()).orElseThrow().query(Query.all()).get(0);
            assertArrayEquals(value, b.content(e).orElseThrow());
        }
    }

    @Test
    void contentThePeerReportsMissingIsNotAskedFor() throws Exception {
        byte[] held = NodeTest.random(30_000, 4);
        byte[] absent = NodeTest.random(30_000, 6);
        Replica theirs = peerDocs.create(ns);
        theirs.insert(author, NodeTest.bytes("absent"), Blake3.hash(absent), absent.length);
        theirs.insert(author, NodeTest.bytes("held"), Node.storeContent(peerBlobs, held), held.length);
        byte[] ours = NodeTest.random(20_000, 8);
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net));
             Subscription atPeer = theirs.subscribe()) {
            b.insert(b.docs().create(ns), author, NodeTest.bytes("ours"), ours);
            DocSyncResult r = b.syncDoc(ns.id(), peer.addr());

            assertEquals(2, r.outcome().inserted());
            assertEquals(1, r.contentFetched());
            assertEquals(List.of(Blake3.hash(absent)), r.contentMissing());
            // the one content stream connected ahead carried the request; the absent blob cost no second one
            assertEquals(1, blobStreams.get());
            // and our entry reached the peer marked as content we hold
            InsertEvent e = atPeer.poll(5, TimeUnit.SECONDS);
            assertTrue(e != null && e.remote());
            assertEquals(ContentStatus.COMPLETE, e.remoteStatus());
        }
    }

    @Test
    void contentMissingAtOneSyncIsFetchedByALaterOne() throws IOException {
        byte[] late = NodeTest.random(50_000, 9);
        Replica theirs = peerDocs.create(ns);
        Hash h = Blake3.hash(late);
        theirs.insert(author, NodeTest.bytes("late"), h, late.length);
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            b.docs().create(ns);
            DocSyncResult first = b.syncDoc(ns.id(), peer.addr());
            assertEquals(1, first.outcome().inserted());
            assertEquals(List.of(h), first.contentMissing());

            // the peer gets the blob later; reconciliation has nothing new, yet the next sync fetches it
            Node.storeContent(peerBlobs, late);
            DocSyncResult second = b.syncDoc(ns.id(), peer.addr());
            assertEquals(0, second.outcome().inserted());
            assertEquals(1, second.contentFetched());
            assertEquals(List.of(), second.contentMissing());
            SignedEntry e = b.doc(ns.id()).orElseThrow().query(Query.all()).get(0);
            assertArrayEquals(late, b.content(e).orElseThrow());

            // and once held, it is neither asked for nor reported again
            DocSyncResult third = b.syncDoc(ns.id(), peer.addr());
            assertEquals(0, third.contentFetched());
            assertEquals(List.of(), third.contentMissing());
        }
    }

    @Test
    void syncWithNothingNewDropsTheContentStreamUnused() throws IOException {
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            peerDocs.create(ns);
            b.docs().create(ns);
            DocSyncResult r = b.syncDoc(ns.id(), peer.addr());

            assertEquals(0, r.outcome().inserted());
            assertEquals(0, r.contentFetched());
            assertTrue(syncWaitedForBlobStream);
            assertEquals(1, blobStreams.get());
            assertEquals(0, peerBlobs.list().size(), "nothing was asked or stored");
        }
    }

    @Test
    void contentCutMidBlobLeavesAConsistentReplica() throws IOException {
        byte[] value = NodeTest.random(200_000, 5);
        Replica theirs = peerDocs.create(ns);
        Hash h = Node.storeContent(peerBlobs, value);
        theirs.insert(author, NodeTest.bytes("big"), h, value.length);
        cutAfter.set(70_000);
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            b.docs().create(ns);
            DocSyncResult r = b.syncDoc(ns.id(), peer.addr());

            // the entries are in; the content is reported missing and nothing unverified was kept
            assertEquals(1, r.outcome().inserted());
            assertEquals(0, r.contentFetched());
            assertEquals(List.of(h), r.contentMissing());
            Replica ours = b.doc(ns.id()).orElseThrow();
            assertEquals(1, ours.size());
            SignedEntry e = ours.query(Query.all()).get(0);
            assertFalse(b.blobs().has(h));
            assertTrue(b.content(e).isEmpty());

            // the peer recovers: the blob resumes from the verified part and completes
            cutAfter.set(-1);
            DownloadResult d = b.download(h, BlobFormat.RAW, List.of(peer.addr()), DownloadListener.NONE,
                    Cancellation.create());
            assertTrue(d.bytesReceived() < value.length, "resumed, not refetched: " + d.bytesReceived());
            assertArrayEquals(value, b.content(e).orElseThrow());
        }
    }

    /** A stream whose output breaks after {@code limit} bytes, as a connection cut mid-response. */
    private static final class Cut extends ForwardingPeerStream {
        private final OutputStream out;

        Cut(PeerStream s, long limit) {
            super(s);
            this.out = new FilterOutputStream(s.output()) {
                private long left = limit;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    int n = (int) Math.min(len, left);
                    s.output().write(b, off, n);
                    left -= n;
                    if (n < len) {
                        s.output().flush();
                        throw new IOException("cut after " + limit + " bytes");
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
            };
        }

        @Override
        public OutputStream output() {
            return out;
        }
    }
}
