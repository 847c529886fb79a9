package io.objsync.node.bench;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Entry;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Record;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.net.iroh.IrohNode;
import io.objsync.node.DocShareMode;
import io.objsync.node.DocSyncResult;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.store.TempPin;
import io.objsync.ticket.DocTicket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Document sync between our node (QUIC) and a real iroh 0.35 node, the counterpart of the iroh-to-iroh anchor's
 * {@code iroh-docsync} ({@code benchmarks/iroh-anchor.js}): our node writes ENTRIES entries (content included),
 * iroh joins by our write ticket (full sync, every content blob fetched from us); then each round both add one new
 * entry and one side syncs with the other:
 * <ul>
 *   <li>{@code iroh}: iroh dials us ({@code doc.startSync}), timed by the driver as in the anchor: until the sync
 *       finished and iroh's content download was reported done (our side fetches iroh's new content after the
 *       session, untimed);</li>
 *   <li>{@code ours}: we dial iroh ({@code Node.syncDoc}), timed around the call, which includes fetching the new
 *       entry's content from iroh.</li>
 * </ul>
 * WARMUPS untimed rounds first of each direction (JIT). Prints one JSON line per direction. With
 * {@code -Dobjsync.bench.sync=reference} our node splits ranges as the reference does ({@link SyncConfig#reference()})
 * instead of by {@link SyncConfig#defaults()}.
 * Usage (inside a loopback-only namespace; see {@code benchmarks/iroh-docsync.sh}):
 * {@code IrohDocSyncBench DIR ENTRIES ROUNDS WARMUPS iroh,ours}.
 */
public final class IrohDocSyncBench {

    private static final int FILL_BATCH = 5000;

    private IrohDocSyncBench() {
    }

    private static SyncConfig syncConfig() {
        return "reference".equals(System.getProperty("objsync.bench.sync"))
                ? SyncConfig.reference() : SyncConfig.defaults();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int entries = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        List<String> directions = Arrays.asList(args[4].split(","));
        Path home = dir.resolve("iroh-docsync-ours");
        NodeHarness.wipe(home);
        Files.createDirectories(dir);
        AuthorSecret author = AuthorSecret.generate();
        NodeConfig config = NodeConfig.quic(home).withSyncConfig(syncConfig());
        try (IrohNode iroh = IrohNode.start(); Node ours = Node.open(config)) {
            iroh.addPeer(ours.addr()); // iroh 0.35 answers only addresses it knows; ours dial from addr()
            Replica replica = ours.createDoc();
            long t = System.nanoTime();
            fill(ours, replica, author, entries);
            double fillS = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            String doc = iroh.docJoin(ours.shareDoc(replica.id(), DocShareMode.WRITE)
                    .toString(DocTicket.AddrLayout.NODE_ADDR), Duration.ofMinutes(30));
            double joinS = (System.nanoTime() - t) / 1e9;
            NodeHarness.check(iroh.docEntries(doc).size() == entries, "iroh's replica after joining");
            int added = 0;
            for (String direction : directions) {
                List<Long> times = new ArrayList<>();
                for (int r = 0; r < warmups + rounds; r++) {
                    String tag = direction + "-" + r;
                    long before = replica.size();
                    ours.insert(replica, author, bytes("new/ours-" + tag), bytes("ours " + tag));
                    iroh.docSet(doc, bytes("new/iroh-" + tag), bytes("iroh " + tag));
                    added += 2;
                    long nanos;
                    if (direction.equals("iroh")) {
                        nanos = iroh.docSync(doc, ours.addr()).toNanos();
                    } else if (direction.equals("ours")) {
                        long s = System.nanoTime();
                        DocSyncResult res = ours.syncDoc(replica.id(), iroh.addr());
                        nanos = System.nanoTime() - s;
                        NodeHarness.check(res.outcome().inserted() == 1 && res.contentFetched() == 1,
                                "sync result " + res);
                    } else {
                        throw new IllegalArgumentException("direction: iroh | ours");
                    }
                    NodeHarness.check(replica.size() == before + 2, "our replica after round " + tag);
                    if (r >= warmups) {
                        times.add(nanos);
                    }
                }
                List<Long> sorted = times.stream().sorted().toList();
                System.out.println(String.format(Locale.ROOT,
                        "{\"bench\":\"objsync-iroh-docsync\",\"dialler\":\"%s\",\"entries\":%d,\"rounds\":[%s],"
                                + "\"median_ms\":%.1f,\"best_ms\":%.1f,\"worst_ms\":%.1f,\"warmups\":%d,"
                                + "\"fill_s\":%.1f,\"join_s\":%.1f}",
                        direction, entries, times.stream().map(n -> String.format(Locale.ROOT, "%.1f", n / 1e6))
                                .collect(Collectors.joining(",")),
                        sorted.get(sorted.size() / 2) / 1e6, sorted.get(0) / 1e6, sorted.get(sorted.size() - 1) / 1e6,
                        warmups, fillS, joinS));
            }
            NodeHarness.check(iroh.docEntries(doc).size() == entries + added, "iroh's replica at the end");
            NodeHarness.check(replica.size() == entries + added, "our replica at the end");
        }
        System.exit(0);
    }

    /**
     * {@code bench/key-i -> value i}, as the anchor's docFill, but a batch at a time: one blob store commit and one
     * replica transaction per batch (one by one, each is a disk flush: 17 ms an entry here). The entries are
     * really signed: iroh verifies them. The blobs stay unpinned and untagged, which is fine while no GC runs.
     */
    private static void fill(Node ours, Replica replica, AuthorSecret author, int entries) throws Exception {
        NamespaceSecret ns = ours.docs().secret(replica.id()).orElseThrow();
        long clock = Record.nowMicros() - entries;
        for (int first = 0; first < entries; first += FILL_BATCH) {
            int end = Math.min(entries, first + FILL_BATCH);
            List<byte[]> values = new ArrayList<>();
            for (int i = first; i < end; i++) {
                values.add(bytes("value " + i));
            }
            List<SignedEntry> batch = new ArrayList<>();
            for (TempPin pin : ours.blobs().addAll(values)) {
                try (pin) {
                    int i = first + batch.size();
                    Record rec = Record.of(pin.hash(), values.get(i - first).length, clock + i);
                    batch.add(SignedEntry.sign(Entry.of(ns.id(), author.id(), bytes("bench/key-" + i), rec), ns,
                            author));
                }
            }
            replica.insertVerified(batch);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
