package io.objsync.store;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The store's benchmarks (issue 5), printed as one JSON object per line for benchmarks/report.py:
 * <ul>
 *   <li>{@code import FILE WORKDIR ROUNDS}: in each round, plain BLAKE3 hashing of FILE, {@code cp FILE} into
 *   WORKDIR, {@code cp} plus {@code sync} of the copy, and imports of FILE into a fresh store in WORKDIR (same
 *   file system as the copy), durable ({@link Durability#SYNC}) and not ({@link Durability#PROCESS_CRASH_SAFE}),
 *   all with FILE in the page cache; the best of each. The floor 1.25 is checked like for like: the durable
 *   import against max(hash, cp + sync), the other against max(hash, cp).</li>
 *   <li>{@code open WORKDIR N}: builds a store of N blobs once (1% of them files, the rest inline), then the
 *   time to open it (first open in this JVM, which loads LMDB, and warm reopens; floor 1 s), and the latency of
 *   {@code status} and of 4 KiB range reads of random blobs.</li>
 * </ul>
 */
public final class StoreHarness {

    private StoreHarness() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "import" -> importBench(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "open" -> openBench(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("usage: import FILE WORKDIR ROUNDS | open WORKDIR N");
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void importBench(Path file, Path work, int rounds) throws Exception {
        Files.createDirectories(work);
        Blake3.hash(file); // into the page cache
        double hash = Double.MAX_VALUE;
        double cp = Double.MAX_VALUE;
        double imp = Double.MAX_VALUE;
        double impNoSync = Double.MAX_VALUE;
        double cpSync = Double.MAX_VALUE;
        double ref = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            settle();
            long t = System.nanoTime();
            Blake3.hash(file);
            hash = Math.min(hash, seconds(t));

            Path copy = work.resolve("copy");
            settle();
            t = System.nanoTime();
            int code = new ProcessBuilder("cp", file.toString(), copy.toString()).inheritIO().start().waitFor();
            cp = Math.min(cp, seconds(t));
            if (code != 0) {
                throw new IOException("cp failed");
            }
            Files.delete(copy);

            // cp followed by an fsync of the copy: what a durable copy costs (the import makes its copy durable)
            settle();
            t = System.nanoTime();
            code = new ProcessBuilder("cp", file.toString(), copy.toString()).inheritIO().start().waitFor();
            code |= new ProcessBuilder("sync", copy.toString()).inheritIO().start().waitFor();
            cpSync = Math.min(cpSync, seconds(t));
            if (code != 0) {
                throw new IOException("cp or sync failed");
            }
            Files.delete(copy);

            imp = Math.min(imp, timeImport(file, work, Durability.SYNC));
            impNoSync = Math.min(impNoSync, timeImport(file, work, Durability.PROCESS_CRASH_SAFE));
            ref = Math.min(ref, timeImport(file, work, null));
        }
        // like for like: the durable import against a durable copy, the page-cache import against cp
        double ratio = imp / Math.max(hash, cpSync);
        double ratioNoSync = impNoSync / Math.max(hash, cp);
        System.out.printf("{\"bench\":\"store-import\",\"bytes\":%d,\"rounds\":%d,\"hash_s\":%.4f,\"cp_s\":%.4f,"
                + "\"cp_sync_s\":%.4f,\"import_s\":%.4f,\"import_nosync_s\":%.4f,\"ratio_vs_cp_sync\":%.3f,"
                + "\"ratio_nosync_vs_cp\":%.3f,\"ratio_vs_cp\":%.3f,\"import_reference_s\":%.4f,"
                + "\"ratio_reference_vs_hash\":%.3f,\"floor\":1.25,\"pass\":%b}%n",
                Files.size(file), rounds, hash, cp, cpSync, imp, impNoSync, ratio, ratioNoSync,
                imp / Math.max(hash, cp), ref, ref / hash, ratio <= 1.25 && ratioNoSync <= 1.25);
    }

    /**
     * One import of {@code file} into a fresh store in {@code work}, in seconds: a copy with {@code durability},
     * or by reference when it is null (the outboard durable, the data left in place).
     */
    private static double timeImport(Path file, Path work, Durability durability) throws Exception {
        Path dir = work.resolve("store");
        StoreOptions options = StoreOptions.defaults();
        try (BlobStore s = BlobStore.open(dir, durability == null ? options : options.importDurability(durability))) {
            settle();
            long t = System.nanoTime();
            (durability == null ? s.addReference(file, ImportProgress.NONE) : s.add(file, ImportProgress.NONE)).close();
            return seconds(t);
        } finally {
            delete(dir);
        }
    }

    private static void openBench(Path work, int n) throws Exception {
        Path dir = work.resolve("store-" + n);
        Path done = work.resolve("store-" + n + ".built");
        List<Hash> hashes = new ArrayList<>();
        Random rnd = new Random(1);
        if (!Files.exists(done)) {
            delete(dir);
            try (BlobStore s = BlobStore.open(dir)) {
                for (int at = 0; at < n; at += 5000) {
                    List<byte[]> batch = new ArrayList<>();
                    for (int i = at; i < Math.min(n, at + 5000); i++) {
                        byte[] b = new byte[i % 100 == 0 ? 20_000 + rnd.nextInt(80_000) : 100 + rnd.nextInt(4000)];
                        rnd.nextBytes(b);
                        batch.add(b);
                    }
                    for (TempPin p : s.addAll(batch)) {
                        hashes.add(p.hash());
                        p.close();
                    }
                }
            }
            Files.createFile(done);
        }
        long t = System.nanoTime();
        BlobStore first = BlobStore.open(dir);
        double firstOpen = seconds(t);
        first.close();
        double warm = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            t = System.nanoTime();
            BlobStore s = BlobStore.open(dir);
            warm = Math.min(warm, seconds(t));
            s.close();
        }
        try (BlobStore s = BlobStore.open(dir)) {
            if (hashes.isEmpty()) {
                s.list().forEach(b -> hashes.add(b.hash()));
            }
            long[] status = new long[20_000];
            long[] read = new long[20_000];
            for (int i = 0; i < status.length; i++) {
                Hash h = hashes.get(rnd.nextInt(hashes.size()));
                long a = System.nanoTime();
                BlobStatus st = s.status(h).orElseThrow();
                long b = System.nanoTime();
                int len = (int) Math.min(4096, st.size());
                long off = st.size() == len ? 0 : rnd.nextLong(st.size() - len);
                s.read(h, off, len);
                long c = System.nanoTime();
                status[i] = b - a;
                read[i] = c - b;
            }
            System.out.printf("{\"bench\":\"store-open\",\"blobs\":%d,\"first_open_s\":%.4f,\"reopen_s\":%.4f,"
                    + "\"floor_s\":1.0,\"pass\":%b,\"status_us_median\":%.1f,\"status_us_p99\":%.1f,"
                    + "\"read4k_us_median\":%.1f,\"read4k_us_p99\":%.1f}%n", s.list().size(), firstOpen, warm,
                    firstOpen < 1.0, pct(status, 0.5), pct(status, 0.99), pct(read, 0.5), pct(read, 0.99));
        }
    }

    /**
     * Lets the file system finish the previous step's work (writeback, and the discards of deleted files that
     * the next journal commit, and so the next fsync, would otherwise wait for) before a timed step.
     */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Thread.sleep(500);
    }

    private static double pct(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e3;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
