package io.objsync.docs.sync;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.Entry;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Record;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Blake3;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property: 3 to 5 replicas, several authors writing and deleting concurrently (overlapping keys and prefixes,
 * timestamps that collide), random pairwise syncs under random partitions and random split settings; after the
 * partitions heal and a final round of syncs, every replica holds exactly the set the insert rule gives for all
 * entries ever written. Seeded, so a failure names its seed.
 */
class ConvergenceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void replicasConvergeToTheInsertRuleOfAllWrites(long seed) throws Exception {
        Random rnd = new Random(seed);
        int replicas = 3 + rnd.nextInt(3);
        NamespaceSecret ns = NamespaceSecret.generate();
        AuthorSecret[] authors = new AuthorSecret[2 + rnd.nextInt(3)];
        for (int i = 0; i < authors.length; i++) {
            authors[i] = AuthorSecret.generate();
        }
        long base = Record.nowMicros() - 60_000_000L;
        DocStore[] stores = new DocStore[replicas];
        Replica[] docs = new Replica[replicas];
        List<SignedEntry> written = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                stores[i] = DocStore.open(dir.resolve("r" + seed + "-" + i), 1L << 28, Record::nowMicros);
                docs[i] = stores[i].create(ns);
            }
            int rounds = 6 + rnd.nextInt(6);
            for (int round = 0; round < rounds; round++) {
                // concurrent writes: each replica writes a batch of its own
                for (int i = 0; i < replicas; i++) {
                    List<SignedEntry> batch = new ArrayList<>();
                    int n = rnd.nextInt(60);
                    for (int j = 0; j < n; j++) {
                        batch.add(randomEntry(rnd, ns, authors, base));
                    }
                    docs[i].insertVerified(batch);
                    written.addAll(batch);
                }
                // a random partition: syncs only happen within groups this round
                int[] group = new int[replicas];
                for (int i = 0; i < replicas; i++) {
                    group[i] = rnd.nextInt(2);
                }
                int syncs = rnd.nextInt(2 * replicas);
                for (int s = 0; s < syncs; s++) {
                    int x = rnd.nextInt(replicas);
                    int y = rnd.nextInt(replicas);
                    if (x != y && group[x] == group[y]) {
                        SyncHarness.sync(docs[x], stores[y], config(rnd), config(rnd));
                    }
                }
            }
            // heal: a ring twice around reaches everyone from everyone
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < replicas; i++) {
                    SyncHarness.sync(docs[i], stores[(i + 1) % replicas], config(rnd), config(rnd));
                }
            }
            List<SignedEntry> expected = insertRule(written);
            for (int i = 0; i < replicas; i++) {
                assertArrayEquals(docs[0].fingerprint(), docs[i].fingerprint(), "replica " + i);
                List<SignedEntry> got = docs[i].query(Query.all().includeEmpty());
                assertEquals(new HashSet<>(expected), new HashSet<>(got), "replica " + i + " set");
                assertEquals(expected.size(), got.size());
            }
        } finally {
            for (DocStore s : stores) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    static SyncConfig config(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> SyncConfig.reference();
            case 1 -> SyncConfig.defaults();
            case 2 -> SyncConfig.defaults().withSplit(3, 2, 1);
            default -> {
                int threshold = 1 + rnd.nextInt(10);
                yield SyncConfig.defaults().withSplit(2 + rnd.nextInt(20), threshold, rnd.nextInt(threshold + 1));
            }
        };
    }

    static SignedEntry randomEntry(Random rnd, NamespaceSecret ns, AuthorSecret[] authors, long base) {
        AuthorSecret a = authors[rnd.nextInt(authors.length)];
        StringBuilder k = new StringBuilder();
        int len = rnd.nextInt(4);
        for (int i = 0; i < len; i++) {
            k.append((char) ('a' + rnd.nextInt(3)));
        }
        long ts = base + rnd.nextInt(200);
        Record r;
        if (rnd.nextInt(6) == 0) {
            r = Record.empty(ts);
        } else {
            byte[] v = new byte[1 + rnd.nextInt(3)];
            rnd.nextBytes(v);
            r = Record.of(Blake3.hash(v), v.length, ts);
        }
        return SignedEntry.sign(Entry.of(ns.id(), a.id(), k.toString().getBytes(), r), ns, a);
    }

    /**
     * The reference insert rule over everything written, by definition: an entry survives when no other entry
     * of its author under its key or a prefix of it has a record at least as new (same key: the newest wins).
     */
    static List<SignedEntry> insertRule(List<SignedEntry> all) {
        Set<SignedEntry> distinct = new HashSet<>(all);
        List<SignedEntry> out = new ArrayList<>();
        for (SignedEntry e : distinct) {
            boolean survives = true;
            for (SignedEntry o : distinct) {
                if (o == e || !o.author().equals(e.author())) {
                    continue;
                }
                byte[] ok = o.key();
                byte[] ek = e.key();
                boolean prefix = ok.length <= ek.length && Arrays.equals(ok, 0, ok.length, ek, 0, ok.length);
                if (!prefix) {
                    continue;
                }
                int c = o.record().compareTo(e.record());
                if (c > 0 || c == 0 && ok.length < ek.length) {
                    survives = false;
                    break;
                }
            }
            if (survives) {
                out.add(e);
            }
        }
        return out;
    }
}
