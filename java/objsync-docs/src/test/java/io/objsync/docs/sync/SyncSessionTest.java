package io.objsync.docs.sync;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.Entry;
import io.objsync.docs.InsertEvent;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Record;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.Subscription;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncSessionTest {
    @TempDir
    Path dir;
    DocStore a;
    DocStore b;
    NamespaceSecret ns;
    AuthorSecret author;

    @BeforeEach
    void open() {
        a = DocStore.open(dir.resolve("a"), 1L << 30, Record::nowMicros);
        b = DocStore.open(dir.resolve("b"), 1L << 30, Record::nowMicros);
        ns = NamespaceSecret.generate();
        author = AuthorSecret.generate();
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static List<SignedEntry> entries(NamespaceSecret ns, AuthorSecret author, String prefix, int n, long ts) {
        List<SignedEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] v = (prefix + i).getBytes(StandardCharsets.UTF_8);
            Entry e = Entry.of(ns.id(), author.id(), (prefix + "/" + i).getBytes(StandardCharsets.UTF_8),
                    Record.of(Blake3.hash(v), v.length, ts + i));
            out.add(SignedEntry.sign(e, ns, author));
        }
        return out;
    }

    /** Store b's replica of {@code ra}'s document, both holding the same {@code n} "shared" entries. */
    private Replica sharingWith(Replica ra, int n, long now) {
        Replica rb = b.openReadOnly(ns.id());
        List<SignedEntry> shared = entries(ns, author, "shared", n, now);
        ra.insertVerified(shared);
        rb.insertVerified(shared);
        return rb;
    }

    @ParameterizedTest
    @CsvSource({"2,1,1", "16,8,8", "4,4,0", "3,2,1", "32,32,0"})
    void twoReplicasWithDifferentEntriesConverge(int split, int threshold, int partThreshold) throws Exception {
        long now = Record.nowMicros() - 1_000_000;
        Replica ra = a.create(ns);
        Replica rb = sharingWith(ra, 2000, now);
        ra.insertVerified(entries(ns, author, "onlyA", 37, now));
        rb.insertVerified(entries(ns, AuthorSecret.generate(), "onlyB", 23, now));
        SyncConfig cfg = SyncConfig.defaults().withSplit(split, threshold, partThreshold);
        SyncHarness.Result r = SyncHarness.sync(ra, b, cfg, SyncConfig.reference());
        assertEquals(2060, ra.size());
        assertEquals(2060, rb.size());
        assertArrayEquals(ra.fingerprint(), rb.fingerprint());
        assertEquals(ra.query(Query.all()), rb.query(Query.all()));
        assertEquals(23, r.alice().inserted());
        assertEquals(37, r.bob().inserted());
        assertEquals(r.alice().messagesSent(), r.bob().messagesReceived());
        assertEquals(r.alice().bytesSent(), r.bob().bytesReceived());
    }

    @Test
    void aSingleDifferenceOnEachSideIsFoundByItsFingerprintWithoutSplittingDown() throws Exception {
        long now = Record.nowMicros() - 1_000_000;
        Replica ra = a.create(ns);
        Replica rb = sharingWith(ra, 5000, now);
        // far apart in key order ("a" < "shared" < "z"), so no range holds both
        ra.insertVerified(entries(ns, author, "a-only", 1, now));
        rb.insertVerified(entries(ns, author, "z-only", 1, now));
        SyncHarness.Result decoded = SyncHarness.sync(ra, b, SyncConfig.defaults(), SyncConfig.defaults());
        assertArrayEquals(ra.fingerprint(), rb.fingerprint());
        // each side sends exactly its one entry; the Init already carries the split of the whole set, so three
        // messages (Init with the split, Bob's entry, Alice's entry)
        assertEquals(1, decoded.alice().entriesSent());
        assertEquals(1, decoded.bob().entriesSent());
        assertEquals(3, decoded.alice().messagesSent() + decoded.alice().messagesReceived());

        ra.insertVerified(entries(ns, author, "a-again", 1, now));
        rb.insertVerified(entries(ns, author, "z-again", 1, now));
        SyncConfig noSearch = SyncConfig.defaults().withDecodeLimit(0);
        SyncHarness.Result split = SyncHarness.sync(ra, b, noSearch, noSearch);
        assertArrayEquals(ra.fingerprint(), rb.fingerprint());
        assertTrue(split.alice().bytesSent() + split.alice().bytesReceived()
                > 2 * (decoded.alice().bytesSent() + decoded.alice().bytesReceived()));
    }

    @Test
    void denseDifferencesGoAsItemsEarlierAndCostLess() throws Exception {
        List<SignedEntry> shared = entries(ns, author, "shared", 4000, Record.nowMicros() - 1_000_000);
        // one run of keys where the two sides alternate: every entry there is missing on the other side
        List<SignedEntry> run = entries(ns, author, "run", 1000, Record.nowMicros() - 1_000_000);
        long missing = 0;
        for (SignedEntry e : run) {
            missing += io.objsync.docs.internal.EntryCodec.encode(e).length;
        }
        SyncConfig d = SyncConfig.defaults();
        SyncConfig sparse = new SyncConfig(d.splitFactor(), d.firstSplitFactor(), d.itemThreshold(), d.itemThreshold(),
                d.partItemThreshold(), d.decodeLimit(), d.maxItemsPerPart(), d.maxFrameBytes(),
                d.maxPartsPerMessage(), d.maxMessages(), d.maxSessionBytes(), d.maxSessionTime());
        long sparseBytes = bytesToConverge(shared, run, sparse, "sparse");
        long denseBytes = bytesToConverge(shared, run, d, "dense");
        assertTrue(denseBytes < sparseBytes, denseBytes + " vs " + sparseBytes);
        assertTrue(denseBytes < 1.5 * missing, denseBytes + " bytes for " + missing + " missing");
    }

    /** Two fresh replicas with {@code shared}, the even entries of {@code run} on one, the odd on the other. */
    private long bytesToConverge(List<SignedEntry> shared, List<SignedEntry> run, SyncConfig cfg, String tag)
            throws Exception {
        try (DocStore c = DocStore.open(dir.resolve("c-" + tag), 1L << 30, Record::nowMicros);
             DocStore d = DocStore.open(dir.resolve("d-" + tag), 1L << 30, Record::nowMicros)) {
            Replica rc = c.openReadOnly(ns.id());
            Replica rd = d.openReadOnly(ns.id());
            rc.insertVerified(shared);
            rd.insertVerified(shared);
            for (int i = 0; i < run.size(); i++) {
                (i % 2 == 0 ? rc : rd).insertVerified(List.of(run.get(i)));
            }
            SyncHarness.Result r = SyncHarness.sync(rc, d, cfg, cfg);
            assertArrayEquals(rc.fingerprint(), rd.fingerprint());
            assertEquals(shared.size() + run.size(), rc.size());
            return r.alice().bytesSent() + r.alice().bytesReceived();
        }
    }

    @Test
    void identicalReplicasFinishInOneRoundTrip() throws Exception {
        Replica ra = a.create(ns);
        Replica rb = b.openReadOnly(ns.id());
        List<SignedEntry> shared = entries(ns, author, "k", 500, Record.nowMicros() - 1000);
        ra.insertVerified(shared);
        rb.insertVerified(shared);
        SyncHarness.Result r = SyncHarness.sync(ra, b);
        assertEquals(1, r.alice().messagesSent());
        assertEquals(0, r.alice().messagesReceived());
        assertEquals(0, r.alice().entriesSent() + r.bob().entriesSent());
    }

    @Test
    void emptySidesFillEachOther() throws Exception {
        Replica ra = a.create(ns);
        b.openReadOnly(ns.id());
        ra.insertVerified(entries(ns, author, "x", 5000, Record.nowMicros() - 10_000));
        SyncHarness.sync(ra, b);
        assertArrayEquals(ra.fingerprint(), b.find(ns.id()).orElseThrow().fingerprint());
        // and the other way round: a fresh initiator with nothing pulls everything
        try (DocStore c = DocStore.open(dir.resolve("c"), 1L << 30, Record::nowMicros)) {
            Replica rc = c.openReadOnly(ns.id());
            SyncHarness.sync(rc, a);
            assertEquals(5000, rc.size());
            assertArrayEquals(ra.fingerprint(), rc.fingerprint());
        }
    }

    @Test
    void newerVersionsAndDeletionsWin() throws Exception {
        Replica ra = a.create(ns);
        Replica rb = b.create(ns);
        byte[] v1 = "one".getBytes(StandardCharsets.UTF_8);
        ra.insert(author, "doc/a".getBytes(), Blake3.hash(v1), 3);
        ra.insert(author, "doc/b".getBytes(), Blake3.hash(v1), 3);
        SyncHarness.sync(ra, b);
        assertEquals(2, rb.size());
        rb.deletePrefix(author, "doc/".getBytes());
        byte[] v2 = "two".getBytes(StandardCharsets.UTF_8);
        rb.insert(author, "doc/c".getBytes(), Blake3.hash(v2), 3);
        SyncHarness.sync(ra, b);
        assertEquals(List.of("doc/c"), ra.query(Query.all()).stream().map(e -> new String(e.key())).toList());
        assertArrayEquals(ra.fingerprint(), rb.fingerprint());
    }

    @Test
    void remoteInsertsReachSubscribersWithTheirContentStatus() throws Exception {
        Replica ra = a.create(ns);
        Replica rb = b.openReadOnly(ns.id());
        ra.insertVerified(entries(ns, author, "e", 3, Record.nowMicros() - 100));
        try (Subscription sub = rb.subscribe()) {
            SyncHarness.sync(ra, b);
            for (int i = 0; i < 3; i++) {
                InsertEvent e = sub.poll(5, TimeUnit.SECONDS);
                assertTrue(e.remote());
                assertEquals(ContentStatus.MISSING, e.remoteStatus());
            }
        }
    }

    @Test
    void eachSideSendsItsEntriesWithTheStatusItsContentSourceGives() throws Exception {
        Replica ra = a.create(ns);
        Replica rb = b.openReadOnly(ns.id());
        ra.insertVerified(entries(ns, author, "a", 3, Record.nowMicros() - 100));
        rb.insertVerified(entries(ns, author, "b", 3, Record.nowMicros() - 100));
        // Alice holds a0 whole and a1 in part; Bob holds b2 whole; the rest is missing.
        Map<Hash, ContentStatus> alice = Map.of(Blake3.hash("a0".getBytes()), ContentStatus.COMPLETE,
                Blake3.hash("a1".getBytes()), ContentStatus.INCOMPLETE);
        Map<Hash, ContentStatus> bob = Map.of(Blake3.hash("b2".getBytes()), ContentStatus.COMPLETE);
        try (Subscription toAlice = ra.subscribe(); Subscription toBob = rb.subscribe()) {
            DuplexStream[] p = SyncHarness.pipes();
            CompletableFuture<SyncOutcome> bobSide = CompletableFuture.supplyAsync(() -> {
                try {
                    return SyncSession.accept(b, p[1], SyncConfig.defaults(),
                            h -> bob.getOrDefault(h, ContentStatus.MISSING));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            SyncSession.initiate(ra, p[0], SyncConfig.defaults(), h -> alice.getOrDefault(h, ContentStatus.MISSING));
            bobSide.get(30, TimeUnit.SECONDS);
            assertEquals(Map.of("a/0", ContentStatus.COMPLETE, "a/1", ContentStatus.INCOMPLETE,
                    "a/2", ContentStatus.MISSING), remoteStatuses(toBob, 3));
            assertEquals(Map.of("b/0", ContentStatus.MISSING, "b/1", ContentStatus.MISSING,
                    "b/2", ContentStatus.COMPLETE), remoteStatuses(toAlice, 3));
        }
    }

    private static Map<String, ContentStatus> remoteStatuses(Subscription sub, int n) throws Exception {
        Map<String, ContentStatus> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            InsertEvent e = sub.poll(5, TimeUnit.SECONDS);
            assertTrue(e != null && e.remote(), "remote insert " + i);
            out.put(new String(e.entry().key(), StandardCharsets.UTF_8), e.remoteStatus());
        }
        return out;
    }

    @Test
    void unknownNamespaceIsDeclinedWithAbort() throws Exception {
        Replica ra = a.create(ns);
        SyncProtocolException e = assertThrows(SyncProtocolException.class, () -> SyncHarness.sync(ra, b));
        assertTrue(e.reason() == SyncProtocolException.Reason.ABORTED_BY_PEER
                || e.reason() == SyncProtocolException.Reason.NOT_FOUND, e.toString());
    }

    @Test
    void aFailingStoreAbortsWithInternalServerError() throws Exception {
        Replica ra = a.create(ns);
        ra.insertVerified(entries(ns, author, "k", 10, Record.nowMicros() - 100));
        b.openReadOnly(ns.id());
        b.close();
        SyncProtocolException e = assertThrows(SyncProtocolException.class, () -> SyncHarness.sync(ra, b));
        assertEquals(SyncProtocolException.Reason.ABORTED_BY_PEER, e.reason());
        assertTrue(e.getMessage().contains("INTERNAL_SERVER_ERROR"), e.getMessage());
    }

    @Test
    void syncsOverALoopbackSocket() throws Exception {
        Replica ra = a.create(ns);
        Replica rb = b.openReadOnly(ns.id());
        long now = Record.nowMicros() - 1_000_000;
        ra.insertVerified(entries(ns, author, "s", 3000, now));
        rb.insertVerified(entries(ns, AuthorSecret.generate(), "t", 1000, now));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<SyncOutcome> bob = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    return SyncSession.accept(b, DuplexStream.of(s), SyncConfig.defaults());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                SyncOutcome out = SyncSession.initiate(ra, DuplexStream.of(s), SyncConfig.defaults());
                assertEquals(1000, out.inserted());
            }
            assertEquals(3000, bob.get(60, TimeUnit.SECONDS).inserted());
        }
        assertEquals(4000, rb.size());
        assertArrayEquals(ra.fingerprint(), rb.fingerprint());
    }
}
