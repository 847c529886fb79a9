package io.objsync.docs.bench;

import io.objsync.crypto.Ed25519BatchVerifier;
import io.objsync.crypto.Ed25519PublicKey;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.Entry;
import io.objsync.docs.IngestResult;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Record;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.internal.EntryCodec;
import io.objsync.docs.internal.RangeIndex;
import io.objsync.docs.internal.ReplicaAccess;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.docs.sync.DuplexStream;
import io.objsync.docs.sync.SessionAccess;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.docs.sync.SyncOutcome;
import io.objsync.docs.sync.internal.Reconciler;
import io.objsync.hash.Blake3;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Issue 6's reconciliation scenarios on two replicas of N entries (default 1M), printed as one line per
 * measurement ({@code name value unit [floor]}) and checked against the floors with {@code --check}:
 * (a) one differing entry on each side: round trips, bytes, wall time; (b) 10k differences, scattered and
 * clustered: bytes against the encoded size of the missing entries; (c) both with the reference parameters
 * (split 2, threshold 1) and against a scan-based fingerprint store; plus a range fingerprint on N entries,
 * batched insert of verified entries, and ingest of remote entries against the raw verification rate.
 *
 * <p>The shared base set carries dummy signatures and goes in through {@code insertVerified}: it is never sent,
 * and signing 2M signatures would only slow the set-up. Every entry that crosses the wire is really signed and
 * verified on arrival.
 */
public final class ReconcileHarness {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "harness-peer");
        t.setDaemon(true);
        return t;
    });

    private final int n;
    private final Path dir;
    private final boolean scanning;
    /** Differences in scenario (b): 10k, or N on small sets. */
    private final int diffs;
    private final List<String> failures = new ArrayList<>();
    private final NamespaceSecret ns = NamespaceSecret.generate();
    private final AuthorSecret[] authors = {AuthorSecret.generate(), AuthorSecret.generate(), AuthorSecret.generate()};
    private final Random rnd = new Random(42);
    private long clock = Record.nowMicros() - 3_600_000_000L;

    ReconcileHarness(int n, Path dir, boolean scanning) {
        this.n = n;
        this.dir = dir;
        this.scanning = scanning;
        this.diffs = Math.min(10_000, n);
    }

    public static void main(String[] args) throws Exception {
        int n = 1_000_000;
        boolean check = false;
        boolean scanning = true;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> n = Integer.parseInt(args[++i]);
                case "--check" -> check = true;
                case "--no-scanning" -> scanning = false;
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("objsync-reconcile");
        }
        List<String> failed = new ReconcileHarness(n, dir, scanning).run();
        if (check && !failed.isEmpty()) {
            System.out.println("FLOORS MISSED: " + failed);
            System.exit(1);
        }
    }

    void report(String name, double value, String unit, String floor, boolean ok) {
        System.out.printf(Locale.ROOT, "%-44s %14.2f %-8s %s%n", name, value, unit,
                floor == null ? "" : floor + (ok ? " ok" : " MISSED"));
        if (floor != null && !ok) {
            failures.add(name);
        }
    }

    /** Distinct keys spread over three authors, each key 12..27 bytes like paths. */
    byte[] key(int i) {
        return String.format(Locale.ROOT, "/d%03d/file-%07d", i % 997, i).getBytes();
    }

    SignedEntry dummy(int i) {
        byte[] v = ByteBuffer.allocate(8).putLong(i).array();
        Entry e = Entry.of(ns.id(), authors[i % 3].id(), key(i), Record.of(Blake3.hash(v), 8, clock + i));
        return SignedEntry.of(e, new byte[64], new byte[64]);
    }

    SignedEntry signed(byte[] key, AuthorSecret a) {
        byte[] v = new byte[16];
        rnd.nextBytes(v);
        Entry e = Entry.of(ns.id(), a.id(), key, Record.of(Blake3.hash(v), v.length, ++clock + 10_000_000L));
        return SignedEntry.sign(e, ns, a);
    }

    /** Inserts the base set in batches of 10k in key order, as an import or a sync delivers entries. */
    Replica build(DocStore store) {
        Replica r = store.openReadOnly(ns.id());
        List<SignedEntry> batch = new ArrayList<>(10_000);
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (x, y) -> authors[x].id().compareTo(authors[y].id()));
        for (int a : order) {
            for (int d = 0; d < 997; d++) {
                for (int i = d; i < n; i += 997) {
                    if (i % 3 != a) {
                        continue;
                    }
                    batch.add(dummy(i));
                    if (batch.size() == 10_000) {
                        r.insertVerified(batch);
                        batch.clear();
                    }
                }
            }
        }
        r.insertVerified(batch);
        return r;
    }

    /** Batched insert in random key order, into a fresh store. */
    void randomOrderInserts() {
        int count = Math.min(n, 200_000);
        try (DocStore s = DocStore.open(dir.resolve("random"), 8L << 30, Record::nowMicros)) {
            Replica r = s.openReadOnly(ns.id());
            List<SignedEntry> batch = new ArrayList<>(10_000);
            long t = System.nanoTime();
            for (int i = 0; i < count; i++) {
                batch.add(dummy(i));
                if (batch.size() == 10_000 || i == count - 1) {
                    r.insertVerified(batch);
                    batch.clear();
                }
            }
            double secs = (System.nanoTime() - t) / 1e9;
            report("insert verified entries, random order, " + count, count / secs, "entries/s", null, true);
        }
    }

    List<String> run() throws Exception {
        System.out.println("# reconciliation harness, " + n + " entries per replica, backend "
                + io.objsync.Backends.active());
        try (DocStore sa = DocStore.open(dir.resolve("a"), 64L << 30, Record::nowMicros);
             DocStore sb = DocStore.open(dir.resolve("b"), 64L << 30, Record::nowMicros)) {
            long t0 = System.nanoTime();
            Replica a = build(sa);
            double secs = (System.nanoTime() - t0) / 1e9;
            report("insert verified entries, key order, batches of 10k", n / secs, "entries/s", ">= 50000",
                    n / secs >= 50_000);
            randomOrderInserts();
            Replica b = build(sb);
            rangeFingerprint(a);
            for (SyncConfig cfg : List.of(SyncConfig.defaults(), SyncConfig.reference())) {
                String tag = cfg.equals(SyncConfig.defaults()) ? "ours" : "reference split 2/1";
                oneEach(a, b, sb, cfg, tag, false);
                tenK(a, b, sb, cfg, tag, false, false);
                tenK(a, b, sb, cfg, tag, true, false);
            }
            if (scanning && n <= 100_000) {
                oneEach(a, b, sb, SyncConfig.defaults(), "ours on a scanning store", true);
                oneEach(a, b, sb, SyncConfig.reference(), "reference split 2/1 on a scanning store", true);
            }
            ingest(sa);
        }
        return failures;
    }

    void rangeFingerprint(Replica a) {
        int samples = 20_000;
        long[] ns = new long[samples];
        byte[] nsBytes = this.ns.id().toBytes();
        for (int s = 0; s < samples; s++) {
            byte[] x = id(nsBytes, rnd.nextInt(n));
            byte[] y = id(nsBytes, rnd.nextInt(n));
            long t = System.nanoTime();
            ReplicaAccess.get().read(a, idx -> {
                long[] acc = new long[4];
                idx.rank(x, acc);
                idx.rank(y, acc);
                return acc;
            });
            ns[s] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        double median = ns[samples / 2] / 1000.0;
        report("range fingerprint on " + n + " entries (median)", median, "us", "<= 50", median <= 50);
    }

    byte[] id(byte[] nsBytes, int i) {
        byte[] k = key(i);
        byte[] out = new byte[64 + k.length];
        System.arraycopy(nsBytes, 0, out, 0, 32);
        System.arraycopy(authors[i % 3].id().toBytes(), 0, out, 32, 32);
        System.arraycopy(k, 0, out, 64, k.length);
        return out;
    }

    SyncOutcome[] sync(Reconciler.Target a, Reconciler.Target b, SyncConfig cfg) throws Exception {
        PipedInputStream aIn = new PipedInputStream(1 << 20);
        PipedInputStream bIn = new PipedInputStream(1 << 20);
        PipedOutputStream aOut = new PipedOutputStream(bIn);
        PipedOutputStream bOut = new PipedOutputStream(aIn);
        CompletableFuture<SyncOutcome> bob = CompletableFuture.supplyAsync(() -> {
            try {
                return SessionAccess.accept(b, DuplexStream.of(bIn, bOut), cfg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, THREADS);
        SyncOutcome alice = SessionAccess.initiate(a, ns.id(), DuplexStream.of(aIn, aOut), cfg);
        return new SyncOutcome[] {alice, bob.get()};
    }

    void oneEach(Replica a, Replica b, DocStore sb, SyncConfig cfg, String tag, boolean scanning) throws Exception {
        int runs = scanning ? 1 : 15;
        long[] wall = new long[runs];
        long bytes = 0;
        int trips = 0;
        for (int r = 0; r < runs; r++) {
            a.ingest(List.of(signed(("/new/a" + r + tag).getBytes(), authors[0])));
            b.ingest(List.of(signed(("/new/b" + r + tag).getBytes(), authors[1])));
            Reconciler.Target ta = target(a, scanning);
            Reconciler.Target tb = target(b, scanning);
            long t = System.nanoTime();
            SyncOutcome[] o = sync(ta, tb, cfg);
            wall[r] = System.nanoTime() - t;
            bytes = Math.max(bytes, o[0].bytesSent() + o[0].bytesReceived());
            trips = Math.max(trips, o[0].roundTrips());
            if (o[0].inserted() != 1 || o[1].inserted() != 1) {
                throw new IllegalStateException("one entry each way expected: " + Arrays.toString(o));
            }
        }
        Arrays.sort(wall);
        double ms = wall[runs / 2] / 1e6;
        boolean floors = tag.equals("ours");
        report("(a) 1 diff each side, " + tag + ": round trips", trips, "", floors ? "<= 6" : null, trips <= 6);
        report("(a) 1 diff each side, " + tag + ": bytes (max)", bytes, "B", floors ? "<= 16384" : null,
                bytes <= 16384);
        report("(a) 1 diff each side, " + tag + ": wall (median)", ms, "ms", floors ? "<= 50" : null, ms <= 50);
        if (!Arrays.equals(a.fingerprint(), b.fingerprint())) {
            throw new IllegalStateException("replicas differ after sync");
        }
    }

    void tenK(Replica a, Replica b, DocStore sb, SyncConfig cfg, String tag, boolean clustered, boolean scanning)
            throws Exception {
        List<SignedEntry> onlyA = new ArrayList<>();
        List<SignedEntry> onlyB = new ArrayList<>();
        long missingBytes = 0;
        String run = Long.toString(rnd.nextInt(1_000_000));
        for (int i = 0; i < diffs; i++) {
            byte[] k = clustered
                    ? ("/batch" + run + "/" + String.format(Locale.ROOT, "%05d", i)).getBytes()
                    : (new String(key(rnd.nextInt(n))) + "~" + run + i).getBytes();
            SignedEntry e = signed(k, authors[i % 3]);
            (i % 2 == 0 ? onlyA : onlyB).add(e);
            missingBytes += EntryCodec.encode(e).length;
        }
        a.ingest(onlyA);
        b.ingest(onlyB);
        long t = System.nanoTime();
        SyncOutcome[] o = sync(target(a, scanning), target(b, scanning), cfg);
        double ms = (System.nanoTime() - t) / 1e6;
        long bytes = o[0].bytesSent() + o[0].bytesReceived();
        double ratio = (double) bytes / missingBytes;
        String name = "(b) " + diffs + " diffs " + (clustered ? "clustered" : "scattered") + ", " + tag;
        boolean floors = tag.equals("ours");
        report(name + ": bytes / missing bytes", ratio, "x", floors ? "<= 1.5" : null, ratio <= 1.5);
        report(name + ": round trips", o[0].roundTrips(), "", null, true);
        report(name + ": wall", ms, "ms", null, true);
        if (!Arrays.equals(a.fingerprint(), b.fingerprint())) {
            throw new IllegalStateException("replicas differ after sync");
        }
    }

    void ingest(DocStore store) {
        int count = Math.min(20_000, n);
        List<SignedEntry> es = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            es.add(signed(("/ingest/" + i).getBytes(), authors[i % 3]));
        }
        Ed25519BatchVerifier raw = Ed25519BatchVerifier.create();
        for (SignedEntry e : es) {
            byte[] msg = e.entry().signedBytes();
            raw.add(Ed25519PublicKey.fromBytes(e.entry().namespace().toBytes()), msg, e.namespaceSignature());
            raw.add(Ed25519PublicKey.fromBytes(e.author().toBytes()), msg, e.authorSignature());
        }
        raw.verify(); // warm-up: JIT and worker threads
        long t = System.nanoTime();
        if (!raw.verify().allValid()) {
            throw new IllegalStateException("signatures");
        }
        double rawRate = count / ((System.nanoTime() - t) / 1e9);
        try (DocStore fresh = DocStore.open(dir.resolve("ingest"), 8L << 30, Record::nowMicros)) {
            Replica r = fresh.openReadOnly(ns.id());
            t = System.nanoTime();
            IngestResult res = r.ingest(es);
            double rate = count / ((System.nanoTime() - t) / 1e9);
            if (res.inserted() != count) {
                throw new IllegalStateException("ingest " + res);
            }
            report("raw rate, 2 Ed25519 verifications per entry", rawRate, "entries/s", null, true);
            report("ingest remote entries (both signatures)", rate, "entries/s", null, true);
            report("ingest / raw verification", rate / rawRate, "x", ">= 0.8", rate / rawRate >= 0.8);
        }
    }

    /** A range index that answers counts and fingerprints by scanning, as the reference store does. */
    static final class ScanningIndex implements RangeIndex {
        private final RangeIndex tree;

        ScanningIndex(RangeIndex tree) {
            this.tree = tree;
        }

        @Override
        public byte[] namespace() {
            return tree.namespace();
        }

        @Override
        public long size() {
            return tree.size();
        }

        @Override
        public long rank(byte[] recordId, long[] acc) {
            long[] count = new long[1];
            tree.scan(0, Long.MAX_VALUE, e -> {
                if (Arrays.compareUnsigned(e.entry().recordId(), recordId) >= 0) {
                    return false;
                }
                xorFingerprint(acc, e);
                count[0]++;
                return true;
            });
            return count[0];
        }

        @Override
        public byte[] idAt(long index) {
            return tree.idAt(index);
        }

        @Override
        public void ids(long index, long limit, Predicate<byte[]> visitor) {
            tree.ids(index, limit, visitor);
        }

        @Override
        public void xorOfFirst(long count, long[] acc) {
            tree.scan(0, count, e -> {
                xorFingerprint(acc, e);
                return true;
            });
        }

        @Override
        public void totalXor(long[] acc) {
            xorOfFirst(Long.MAX_VALUE, acc);
        }

        @Override
        public long find(long[] fingerprint, long index, long limit) {
            return tree.find(fingerprint, index, limit);
        }

        @Override
        public void scan(long index, long limit, Predicate<SignedEntry> visitor) {
            tree.scan(index, limit, visitor);
        }

        private static void xorFingerprint(long[] acc, SignedEntry e) {
            if (acc != null) {
                io.objsync.docs.internal.tree.Xor256.xorInto(acc,
                        io.objsync.docs.internal.tree.Xor256.of(e.entry().fingerprint()), 0);
            }
        }
    }

    /** The replica's own index, or the scanning one. */
    static Reconciler.Target target(Replica r, boolean scanning) {
        return new Reconciler.Target() {
            @Override
            public <T> T read(Function<RangeIndex, T> body) {
                return ReplicaAccess.get().read(r, idx -> body.apply(scanning ? new ScanningIndex(idx) : idx));
            }

            @Override
            public IngestResult ingest(List<SignedEntry> entries, List<ContentStatus> statuses) {
                return r.ingest(entries, statuses);
            }
        };
    }
}
