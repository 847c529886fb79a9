package io.objsync.node.bench;

import io.objsync.hash.Blake3;
import io.objsync.hash.Blake3Hasher;
import io.objsync.hash.Hash;
import io.objsync.net.iroh.IrohNode;
import io.objsync.node.Cancellation;
import io.objsync.node.DownloadListener;
import io.objsync.node.DownloadResult;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStatus;
import io.objsync.ticket.BlobTicket;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A MIB-MiB blob between our node (QUIC, its default store: LMDB + files on disk) and a real iroh 0.35 node, the
 * counterpart of the iroh-to-iroh anchor's {@code iroh-blob-memory} / {@code iroh-blob-disk}
 * ({@code benchmarks/iroh-anchor.js}), for each iroh store in IROH_STORES and each direction in DIRECTIONS:
 * <ul>
 *   <li>{@code ours}: iroh adds the file ({@code blobs.addFromPath}) and shares a blob ticket; our node downloads
 *       it by that ticket, timed from the {@code Node.download} call until it returned, that is until the blob is
 *       complete and BAO-verified in our store. The ticket's hash must be the file's BLAKE3 hash; after the last
 *       round the stored bytes are read back and hashed again (untimed). Our store is emptied between rounds
 *       (the blob is untagged, garbage collection removes it), so every round transfers all of it.</li>
 *   <li>{@code iroh}: our node adds the file and gives out a ticket; a fresh iroh node (of that store) downloads
 *       it each round, timed by the driver as the anchor is ({@code blobs.download} until done), then must
 *       report it complete and of the right size.</li>
 * </ul>
 * WARMUPS untimed rounds first of each direction (JIT). Prints one JSON line per store and direction, with
 * the CPU time our process spent in each timed round ({@code our_cpu_s}: all its threads; in {@code ours} the
 * receiving side, in {@code iroh} the sending side), the figure a loaded machine disturbs least.
 * Node offers no memory blob store, so ours is always the disk one.
 *
 * <p>With {@code -Dobjsync.bench.asprof=DIR} (an unpacked async-profiler: {@code DIR/one/profiler},
 * {@code DIR/linux-x64/libasyncProfiler.so}) the timed rounds of each store and direction, and only they, are
 * CPU-profiled per thread into {@code PREFIX-STORE-DIRECTION.collapsed}, PREFIX from
 * {@code -Dobjsync.bench.asprof.out} (default {@code DIR/irohblob}).
 * Usage (inside a loopback-only namespace; see {@code benchmarks/iroh-blob.sh}):
 * {@code IrohBlobFetchBench DIR MIB ROUNDS WARMUPS memory,disk ours,iroh}.
 */
public final class IrohBlobFetchBench {

    private static final long MIB = 1024 * 1024;
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private IrohBlobFetchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int mib = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        List<String> stores = Arrays.asList(args[4].split(","));
        List<String> directions = Arrays.asList(args[5].split(","));
        Path file = NodeHarness.randomFile(dir, mib);
        long size = mib * MIB;
        Hash expected = Blake3.hash(file);
        for (String store : stores) {
            IrohNode.Store irohStore = switch (store) {
                case "memory" -> IrohNode.Store.MEMORY;
                case "disk" -> IrohNode.Store.DISK;
                default -> throw new IllegalArgumentException("iroh store: memory | disk");
            };
            for (String direction : directions) {
                List<Long> times = new ArrayList<>();
                List<Long> cpu = new ArrayList<>();
                String load = load();
                Profiler profiler = new Profiler(store + "-" + direction);
                if (direction.equals("ours")) {
                    ours(dir, file, expected, size, irohStore, warmups, rounds, times, cpu, profiler);
                } else if (direction.equals("iroh")) {
                    iroh(dir, file, expected, size, irohStore, warmups, rounds, times, cpu, profiler);
                } else {
                    throw new IllegalArgumentException("direction: ours | iroh");
                }
                long best = times.stream().min(Long::compare).orElseThrow();
                List<Long> sorted = times.stream().sorted().toList();
                System.out.println(String.format(Locale.ROOT,
                        "{\"bench\":\"objsync-iroh-blob\",\"fetcher\":\"%s\",\"iroh_store\":\"%s\","
                                + "\"our_store\":\"disk\",\"mib\":%d,\"rounds\":[%s],\"best_s\":%.3f,"
                                + "\"median_s\":%.3f,\"best_mib_s\":%.1f,\"our_cpu_s\":[%s],\"warmups\":%d,"
                                + "\"load_before\":\"%s\"}",
                        direction, store, mib, times.stream().map(n -> String.format(Locale.ROOT, "%.3f", n / 1e9))
                                .collect(Collectors.joining(",")),
                        best / 1e9, sorted.get(sorted.size() / 2) / 1e9, mib * 1e9 / best,
                        cpu.stream().map(n -> String.format(Locale.ROOT, "%.2f", n / 1e9))
                                .collect(Collectors.joining(",")), warmups, load));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** Our node fetches iroh's blob by ticket, {@code warmups + rounds} times, an emptied store each time. */
    private static void ours(Path dir, Path file, Hash expected, long size, IrohNode.Store store, int warmups,
                             int rounds, List<Long> times, List<Long> cpu, Profiler profiler) throws Exception {
        Path home = dir.resolve("ours-fetch");
        Path irohDir = dir.resolve("iroh-provider");
        NodeHarness.wipe(home);
        NodeHarness.wipe(irohDir);
        Files.createDirectories(irohDir);
        try (IrohNode iroh = IrohNode.start(store, irohDir); Node ours = Node.open(NodeConfig.quic(home))) {
            iroh.addPeer(ours.addr()); // iroh 0.35 answers only addresses it knows
            IrohNode.Added added = iroh.addFile(file);
            BlobTicket ticket = BlobTicket.parse(added.ticket());
            NodeHarness.check(ticket.hash().equals(expected) && added.hash().equals(expected),
                    "iroh's ticket names " + ticket.hash() + ", the file hashes to " + expected);
            NodeHarness.check(ticket.format() == io.objsync.ticket.BlobFormat.RAW, "a raw blob ticket");
            for (int r = 0; r < warmups + rounds; r++) {
                NodeHarness.check(ours.blobs().status(expected).isEmpty(), "our store is empty before round " + r);
                profiler.startAt(r, warmups);
                long c = NodeHarness.processCpuNanos();
                long t = System.nanoTime();
                DownloadResult res = ours.download(ticket.hash(), BlobFormat.RAW, List.of(ticket.node()),
                        DownloadListener.NONE, Cancellation.create());
                long nanos = System.nanoTime() - t;
                long cpuNanos = NodeHarness.processCpuNanos() - c;
                profiler.stopAt(r, warmups + rounds);
                BlobStatus s = ours.blobs().status(expected).orElseThrow();
                NodeHarness.check(s.isComplete() && s.size() == size, "our store after round " + r + ": " + s);
                NodeHarness.check(res.bytesReceived() >= size, "received " + res.bytesReceived() + " bytes");
                if (r == warmups + rounds - 1) {
                    NodeHarness.check(rehash(ours, expected).equals(expected), "the stored bytes hash to the ticket's");
                }
                if (r >= warmups) {
                    times.add(nanos);
                    cpu.add(cpuNanos);
                }
                ours.blobs().gc(); // untagged: removed, so the next round starts from nothing
            }
        }
        NodeHarness.wipe(home);
        NodeHarness.wipe(irohDir);
    }

    /** A fresh iroh node downloads our blob by ticket each round; the driver times it. */
    private static void iroh(Path dir, Path file, Hash expected, long size, IrohNode.Store store, int warmups,
                             int rounds, List<Long> times, List<Long> cpu, Profiler profiler) throws Exception {
        Path home = dir.resolve("ours-provider");
        NodeHarness.wipe(home);
        try (Node ours = Node.open(NodeConfig.quic(home))) {
            Hash h = NodeHarness.importTagged(ours, file);
            NodeHarness.check(h.equals(expected), "our import hashes to " + h + ", the file to " + expected);
            String ticket = BlobTicket.of(ours.addr(), h, io.objsync.ticket.BlobFormat.RAW).toString();
            for (int r = 0; r < warmups + rounds; r++) {
                Path irohDir = dir.resolve("iroh-getter-" + r);
                NodeHarness.wipe(irohDir);
                Files.createDirectories(irohDir);
                try (IrohNode iroh = IrohNode.start(store, irohDir)) {
                    profiler.startAt(r, warmups);
                    long c = NodeHarness.processCpuNanos();
                    IrohNode.Downloaded d = iroh.download(ticket, TRANSFER_TIMEOUT);
                    long cpuNanos = NodeHarness.processCpuNanos() - c;
                    profiler.stopAt(r, warmups + rounds);
                    NodeHarness.check(d.hash().equals(expected), "iroh downloaded " + d.hash());
                    NodeHarness.check(iroh.status(expected).equals("Complete"), "iroh's copy after round " + r);
                    if (r >= warmups) {
                        times.add(d.elapsed().toNanos());
                        cpu.add(cpuNanos);
                    }
                }
                NodeHarness.wipe(irohDir);
            }
        }
        NodeHarness.wipe(home);
    }

    private static Hash rehash(Node ours, Hash h) throws IOException {
        try (InputStream in = ours.blobs().openStream(h); Blake3Hasher hasher = Blake3.newHasher()) {
            byte[] buf = new byte[(int) MIB];
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                hasher.update(buf, 0, n);
            }
            return hasher.finalizeHash();
        }
    }

    /**
     * async-profiler through its Java API, loaded reflectively from {@code -Dobjsync.bench.asprof=DIR} (nothing
     * when unset): runs from the first timed round's start to the last one's end; the untimed work between timed
     * rounds (checks, garbage collection, iroh nodes starting) is in it too.
     */
    private static final class Profiler {
        /** The loaded profiler, once per JVM (its library binds to the first class loader that loads it). */
        private static Object loaded;
        private final Object instance;
        private final Method execute;
        private final String out;

        Profiler(String name) throws Exception {
            String dir = System.getProperty("objsync.bench.asprof");
            if (dir == null) {
                instance = null;
                execute = null;
                out = null;
                return;
            }
            if (loaded == null) {
                ClassLoader loader = new URLClassLoader(new URL[] {Path.of(dir).toUri().toURL()},
                        IrohBlobFetchBench.class.getClassLoader());
                loaded = Class.forName("one.profiler.AsyncProfiler", true, loader).getMethod("getInstance",
                        String.class).invoke(null, Path.of(dir, "linux-x64", "libasyncProfiler.so").toString());
            }
            instance = loaded;
            execute = loaded.getClass().getMethod("execute", String.class);
            out = System.getProperty("objsync.bench.asprof.out", Path.of(dir, "irohblob").toString()) + "-" + name
                    + ".collapsed";
        }

        void startAt(int round, int first) throws Exception {
            if (instance != null && round == first) {
                execute.invoke(instance, "start,event=cpu,interval=1ms,threads");
            }
        }

        void stopAt(int round, int count) throws Exception {
            if (instance != null && round == count - 1) {
                execute.invoke(instance, "stop,threads,collapsed,file=" + out);
                System.err.println("profile of the timed rounds: " + out);
            }
        }
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
