package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Replica;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.MessagePart;
import io.objsync.docs.sync.Range;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One session per document and peer at a time, as the reference's {@code Abort(AlreadySyncing)} has it. */
@Timeout(60)
class DocSyncConcurrencyTest {
    @TempDir
    Path dir;

    private final MemoryNetwork net = MemoryNetwork.create();
    private final NamespaceSecret ns = NamespaceSecret.generate();
    private final AuthorSecret author = AuthorSecret.generate();

    /** An Init whose whole-set fingerprint matches nothing, so the acceptor answers and waits for us. */
    private byte[] init() {
        byte[] bound = new byte[64];
        byte[] fp = new byte[32];
        fp[0] = 1;
        return SyncCodec.encode(new Frame.Init(ns.id(),
                List.of(new MessagePart.RangeFingerprint(Range.of(bound, bound), fp))));
    }

    private Frame open(Endpoint from, Node to) throws IOException {
        PeerStream s = from.connect(to.addr(), Alpn.DOCS);
        SyncCodec.writeFrame(s.output(), init());
        s.output().flush();
        return SyncCodec.decode(SyncCodec.readFrame(s.input(), 1 << 20));
    }

    @Test
    void aSecondSessionFromTheSamePeerIsDeclinedUntilTheFirstEnds() throws Exception {
        try (Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net));
             Endpoint peer = net.bind(NodeKey.generate(), Map.of())) {
            Replica doc = b.docs().create(ns);
            for (int i = 0; i < 20; i++) {
                b.insert(doc, author, NodeTest.bytes("k" + i), NodeTest.bytes("v" + i));
            }
            PeerStream first = peer.connect(b.addr(), Alpn.DOCS);
            SyncCodec.writeFrame(first.output(), init());
            first.output().flush();
            assertInstanceOf(Frame.Sync.class, SyncCodec.decode(SyncCodec.readFrame(first.input(), 1 << 20)));

            // the first session waits for our reply: a second one for the same document is declined
            assertEquals(new Frame.Abort(Frame.AbortReason.ALREADY_SYNCING), open(peer, b));
            // another peer is not affected
            try (Endpoint other = net.bind(NodeKey.generate(), Map.of())) {
                assertInstanceOf(Frame.Sync.class, open(other, b));
            }

            first.close(); // a reset: the first session ends, and the document is free again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Frame again = open(peer, b);
            while (again instanceof Frame.Abort && System.nanoTime() < deadline) {
                Thread.sleep(20);
                again = open(peer, b);
            }
            assertInstanceOf(Frame.Sync.class, again);
        }
    }

    @Test
    void aSecondDialForTheSameDocumentAndPeerWaitsForTheFirst() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Node a = Node.open(NodeConfig.memory(dir.resolve("a"), net));
             Endpoint slow = net.bind(NodeKey.generate(), Map.of(Alpn.DOCS, s -> {
                 sessions.incrementAndGet();
                 entered.countDown();
                 try {
                     release.await(30, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
             }))) {
            a.docs().create(ns);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<DocSyncResult> first = pool.submit(() -> a.syncDoc(ns.id(), slow.addr()));
                assertTrue(entered.await(10, TimeUnit.SECONDS));
                Future<DocSyncResult> second = pool.submit(() -> a.syncDoc(ns.id(), slow.addr()));
                Thread.sleep(300);
                assertEquals(1, sessions.get(), "the second dial did not wait for the first");
                release.countDown();
                // the peer resets both (its handler returns without a word); the second ran after the first
                assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
                assertThrows(ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));
                assertEquals(2, sessions.get());
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void twoNodesDiallingEachOtherAtOnceConvergeThroughOneSession() throws Exception {
        try (Node a = Node.open(NodeConfig.memory(dir.resolve("a"), net));
             Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            Replica ra = a.docs().create(ns);
            Replica rb = b.docs().create(ns);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    a.insert(ra, author, NodeTest.bytes("a" + round), NodeTest.bytes("from a " + round));
                    b.insert(rb, author, NodeTest.bytes("b" + round), NodeTest.bytes("from b " + round));
                    CountDownLatch go = new CountDownLatch(1);
                    Future<DocSyncResult> ab = pool.submit(() -> dial(go, a, b));
                    Future<DocSyncResult> ba = pool.submit(() -> dial(go, b, a));
                    go.countDown();
                    // both calls succeed: a dial the peer declined as a duplicate is retried after the other
                    ab.get(30, TimeUnit.SECONDS);
                    ba.get(30, TimeUnit.SECONDS);
                    assertArrayEquals(ra.fingerprint(), rb.fingerprint(), "round " + round);
                    assertEquals(2L * (round + 1), ra.size());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private DocSyncResult dial(CountDownLatch go, Node from, Node to) throws Exception {
        go.await();
        return from.syncDoc(ns.id(), to.addr());
    }
}
