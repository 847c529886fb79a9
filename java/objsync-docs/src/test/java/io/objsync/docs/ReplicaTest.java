package io.objsync.docs;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaTest {
    @TempDir
    Path dir;
    DocStore store;
    NamespaceSecret ns;
    AuthorSecret alice;
    AuthorSecret bob;
    Replica doc;

    @BeforeEach
    void open() {
        store = DocStore.open(dir, 1L << 30, Record::nowMicros);
        ns = NamespaceSecret.generate();
        alice = AuthorSecret.generate();
        bob = AuthorSecret.generate();
        doc = store.create(ns);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    SignedEntry put(AuthorSecret a, String key, String value) {
        byte[] v = b(value);
        return doc.insert(a, b(key), Blake3.hash(v), v.length);
    }

    static List<String> keys(List<SignedEntry> es) {
        return es.stream().map(e -> new String(e.key(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    @Test
    void newerWriteReplacesOlderOfTheSameAuthorOnly() {
        put(alice, "k", "a1");
        put(bob, "k", "b1");
        SignedEntry a2 = put(alice, "k", "a2");
        assertEquals(2, doc.size());
        List<SignedEntry> all = doc.query(Query.all().key(b("k")));
        assertEquals(2, all.size());
        assertEquals(a2, doc.get(alice.id(), b("k")).orElseThrow());
        SignedEntry b2 = put(bob, "k", "b2");
        assertEquals(List.of(b2), doc.query(Query.all().key(b("k")).latestPerKey()));
        assertEquals(List.of(a2), doc.query(Query.all().author(alice.id())));
    }

    @Test
    void olderOrEqualEntryIsRefused() {
        long now = Record.nowMicros();
        doc.insert(alice, b("k"), Record.of(Blake3.hash(b("x")), 1, now));
        assertThrows(NewerEntryExistsException.class,
                () -> doc.insert(alice, b("k"), Record.of(Blake3.hash(b("y")), 1, now - 1)));
        assertThrows(NewerEntryExistsException.class,
                () -> doc.insert(alice, b("k"), Record.of(Blake3.hash(b("x")), 1, now)));
        // A newer entry under a prefix blocks older entries below it.
        doc.insert(alice, b("a"), Record.of(Blake3.hash(b("p")), 1, now + 10));
        assertThrows(NewerEntryExistsException.class,
                () -> doc.insert(alice, b("abc"), Record.of(Blake3.hash(b("q")), 1, now + 5)));
        doc.insert(alice, b("abc"), Record.of(Blake3.hash(b("q")), 1, now + 11));
        assertEquals(3, doc.size());
    }

    @Test
    void prefixDeletionRemovesOnlyThatAuthorsEntriesBelowThePrefix() {
        put(alice, "dir", "3");
        put(alice, "dir/a", "1");
        put(alice, "dir/b", "2");
        put(alice, "dis", "4");
        put(bob, "dir/a", "5");
        int removed = doc.deletePrefix(alice, b("dir"));
        assertEquals(3, removed);
        assertEquals(List.of("dir/a", "dis"), keys(doc.query(Query.all())));
        List<SignedEntry> withMarkers = doc.query(Query.all().includeEmpty().author(alice.id()));
        assertEquals(List.of("dir", "dis"), keys(withMarkers));
        assertTrue(withMarkers.get(0).record().isEmpty());
        assertThrows(NewerEntryExistsException.class, () -> doc.insert(alice, b("dir/c"),
                Record.of(Blake3.hash(b("old")), 3, withMarkers.get(0).record().timestamp() - 1)));
        put(alice, "dir/c", "new");
        assertEquals(List.of("dir/a", "dir/c"), keys(doc.query(Query.all().keyPrefix(b("dir/")))));
    }

    @Test
    void newerEntryUnderAPrefixReplacesTheOlderEntriesBelowIt() {
        put(alice, "dir/a", "1");
        put(bob, "dir/b", "2");
        put(alice, "dir", "3");
        assertEquals(List.of("dir", "dir/b"), keys(doc.query(Query.all())));
    }

    @Test
    void emptyKeyPrefixDeletesEverythingOfTheAuthor() {
        put(alice, "x", "1");
        put(alice, "y", "2");
        put(bob, "z", "3");
        assertEquals(2, doc.deletePrefix(alice, new byte[0]));
        assertEquals(List.of("z"), keys(doc.query(Query.all())));
    }

    @Test
    void readOnlyReplicaRefusesLocalWritesButIngests() {
        SignedEntry e = put(alice, "k", "v");
        Replica ro = store.openReadOnly(NamespaceId.of(NamespaceSecret.generate().id().toBytes()));
        assertFalse(ro.isWritable());
        assertThrows(ReadOnlyReplicaException.class, () -> ro.insert(alice, b("k"), Blake3.hash(b("v")), 1));
        assertThrows(ReadOnlyReplicaException.class, () -> ro.deletePrefix(alice, b("k")));
        Replica same = store.openReadOnly(doc.id());
        assertThrows(ReadOnlyReplicaException.class, () -> same.insert(alice, b("q"), Blake3.hash(b("v")), 1));
        try (DocStore other = DocStore.open(dir.resolve("other"), 1L << 28, Record::nowMicros)) {
            Replica copy = other.openReadOnly(doc.id());
            IngestResult r = copy.ingest(List.of(e));
            assertEquals(1, r.inserted());
            assertArrayEquals(doc.fingerprint(), copy.fingerprint());
        }
    }

    @Test
    void badSignaturesAndOtherBrokenRulesAreRejectedAndCounted() {
        SignedEntry good = put(alice, "k", "v");
        byte[] sig = good.authorSignature();
        sig[5] ^= 1;
        SignedEntry forged = SignedEntry.of(good.entry(), sig, good.namespaceSignature());
        Entry elsewhere = Entry.of(NamespaceSecret.generate().id(), alice.id(), b("k"), good.record());
        SignedEntry foreign = SignedEntry.of(elsewhere, good.authorSignature(), good.namespaceSignature());
        Entry future = Entry.of(doc.id(), alice.id(), b("f"),
                Record.of(Blake3.hash(b("v")), 1, Record.nowMicros() + 11L * 60 * 1_000_000));
        SignedEntry fromFuture = SignedEntry.sign(future, ns, alice);
        Entry badEmpty = Entry.of(doc.id(), alice.id(), b("e"), Record.of(Record.EMPTY_HASH, 3, Record.nowMicros()));
        SignedEntry malformed = SignedEntry.sign(badEmpty, ns, alice);
        Entry okEntry = Entry.of(doc.id(), bob.id(), b("fine"), Record.of(Blake3.hash(b("w")), 1, Record.nowMicros()));
        SignedEntry fine = SignedEntry.sign(okEntry, ns, bob);

        try (DocStore other = DocStore.open(dir.resolve("other"), 1L << 28, Record::nowMicros)) {
            Replica copy = other.openReadOnly(doc.id());
            IngestResult r = copy.ingest(List.of(forged, foreign, fromFuture, malformed, fine));
            assertEquals(1, r.inserted());
            assertEquals(4, r.rejected());
            assertEquals(1, r.rejections().get(InvalidEntryException.Reason.BAD_SIGNATURE));
            assertEquals(1, r.rejections().get(InvalidEntryException.Reason.NAMESPACE_MISMATCH));
            assertEquals(1, r.rejections().get(InvalidEntryException.Reason.TOO_FAR_IN_FUTURE));
            assertEquals(1, r.rejections().get(InvalidEntryException.Reason.INVALID_EMPTY_ENTRY));
            assertEquals(4, copy.rejectedCount());
            assertEquals(1, copy.size());
            assertTrue(copy.get(alice.id(), b("k")).isEmpty());
            assertEquals(0, copy.ingest(List.of(fine)).inserted());
            assertEquals(1, copy.ingest(List.of(fine)).ignored());
        }
    }

    @Test
    void subscriptionSeesLocalAndRemoteInsertsInOrder() throws Exception {
        try (Subscription sub = doc.subscribe()) {
            SignedEntry a = put(alice, "1", "a");
            Entry remote = Entry.of(doc.id(), bob.id(), b("2"), Record.of(Blake3.hash(b("b")), 1, Record.nowMicros()));
            SignedEntry r = SignedEntry.sign(remote, ns, bob);
            doc.ingest(List.of(r));
            SignedEntry c = put(alice, "3", "c");
            InsertEvent e1 = sub.poll(5, TimeUnit.SECONDS);
            InsertEvent e2 = sub.poll(5, TimeUnit.SECONDS);
            InsertEvent e3 = sub.poll(5, TimeUnit.SECONDS);
            assertEquals(a, e1.entry());
            assertFalse(e1.remote());
            assertEquals(r, e2.entry());
            assertTrue(e2.remote());
            assertEquals(c, e3.entry());
            assertEquals(List.of(1L, 2L, 3L), List.of(e1.sequence(), e2.sequence(), e3.sequence()));
            assertNull(sub.poll(10, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void slowSubscriberGetsQueuedEventsThenALagError() throws Exception {
        try (Subscription sub = doc.subscribe(2)) {
            put(alice, "1", "a");
            put(alice, "2", "a");
            put(alice, "3", "a");
            assertEquals(1, sub.poll(1, TimeUnit.SECONDS).sequence());
            assertEquals(2, sub.poll(1, TimeUnit.SECONDS).sequence());
            assertThrows(Subscription.LaggedException.class, () -> sub.poll(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void emptyWritesAreRefusedLocally() {
        assertThrows(InvalidEntryException.class, () -> doc.insert(alice, b("k"), Record.EMPTY_HASH, 0));
        assertThrows(InvalidEntryException.class, () -> doc.insert(alice, b("k"), Blake3.hash(b("x")), 0));
        InvalidEntryException e = assertThrows(InvalidEntryException.class,
                () -> doc.insert(alice, b("k"), Record.of(Record.EMPTY_HASH, 5, 1)));
        assertEquals(InvalidEntryException.Reason.INVALID_EMPTY_ENTRY, e.reason());
    }

    @Test
    void survivesReopen() {
        for (int i = 0; i < 500; i++) {
            put(i % 2 == 0 ? alice : bob, "key" + i, "v" + i);
        }
        byte[] fp = doc.fingerprint();
        store.close();
        store = DocStore.open(dir, 1L << 30, Record::nowMicros);
        Replica again = store.find(doc.id()).orElseThrow();
        assertFalse(again.isWritable());
        assertEquals(500, again.size());
        assertArrayEquals(fp, again.fingerprint());
        assertEquals(ns.id(), store.secret(doc.id()).orElseThrow().id());
        assertEquals(List.of(doc.id()), store.list());
        Hash h = store.putContent(b("hello"));
        assertArrayEquals(b("hello"), store.content(h).orElseThrow());
    }
}
