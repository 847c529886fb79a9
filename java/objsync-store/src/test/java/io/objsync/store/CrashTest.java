package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL at random moments of import, receive and garbage collection, in a child JVM. After each kill the
 * store reopens, every complete blob verifies, everything the child reported durable is there, and no file
 * lies around that no record names. {@value #KILLS} kills per operation ({@code -Dobjsync.store.kills=N}), 3
 * for imports by reference.
 */
class CrashTest {

    static final int KILLS = 18;

    @TempDir
    Path tmp;

    private final Random rnd = new Random(Long.getLong("objsync.store.crashSeed", System.nanoTime()));

    private static int kills() {
        return Integer.getInteger("objsync.store.kills", KILLS);
    }

    /** Runs the child until a random moment after it opened the store, kills it, returns what it printed. */
    private List<String> runAndKill(int maxMillis, String... args) throws Exception {
        return runAndKillAfter("READY", maxMillis, args);
    }

    /** Starts a child, waits for a line starting with {@code startedBy}, then kills it within {@code maxMillis}. */
    private List<String> runAndKillAfter(String startedBy, int maxMillis, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // killed
            }
        });
        reader.start();
        synchronized (lines) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (lines.stream().noneMatch(l -> l.startsWith(startedBy)) && p.isAlive()
                    && System.currentTimeMillis() < deadline) {
                lines.wait(100);
            }
        }
        assertTrue(p.isAlive(), () -> "the child died on its own: " + readStderr());
        Thread.sleep(rnd.nextInt(maxMillis));
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    private String readStderr() {
        try {
            return Files.readString(tmp.resolve("child-stderr.txt"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The invariants every kill must leave: complete blobs verify, no stray or temporary files. */
    private static void checkConsistent(BlobStore store) throws IOException {
        assertTrue(store.validate().isClean(), "every stored group verifies");
        Set<Hash> withFiles = new HashSet<>();
        for (BlobStatus s : store.list()) {
            if (s.size() > 16384) {
                withFiles.add(s.hash());
            }
        }
        for (Path f : store.blobFiles()) {
            String name = f.getFileName().toString();
            assertTrue(withFiles.contains(Hash.fromHex(name.substring(0, 64))), "orphan file " + f);
        }
        try (var t = Files.list(store.directory().resolve("tmp"))) {
            assertEquals(0, t.count(), "temporary files are cleared on open");
        }
    }

    /** After a kill: consistent, and every blob the child reported tagged is there with its content. */
    private static void checkTagged(Path dir, Map<String, long[]> tagged, List<String> lines) throws IOException {
        try (BlobStore store = BlobStore.open(dir)) {
            checkConsistent(store);
            for (Map.Entry<String, long[]> t : tagged.entrySet()) {
                Hash h = store.tag(t.getKey()).orElseThrow(() -> new AssertionError("tag " + t.getKey()
                        + " is gone; the child said " + lines)).hash();
                int size = (int) t.getValue()[1];
                assertArrayEquals(TestData.random(size, t.getValue()[0]), store.read(h, 0, size));
            }
        }
    }

    @Test
    void killedImportsLoseNothingTheyReportedAndLeaveNoOrphans() throws Exception {
        killImports("import");
    }

    /** Without fsync too: a killed process leaves its writes in the page cache. */
    @Test
    void killedUnsyncedImportsLoseNothingTheyReportedAndLeaveNoOrphans() throws Exception {
        killImports("import-nosync");
    }

    /**
     * By reference: the commit of a record and its outboard's rename must be all or nothing too. A few kills only
     * ({@code kills / 6}): the path differs from a copy's only before the commit.
     */
    @Test
    void killedReferenceImportsLoseNothingTheyReportedAndLeaveNoOrphans() throws Exception {
        killImports("import-ref", Math.max(2, kills() / 6));
    }

    private void killImports(String mode) throws Exception {
        killImports(mode, kills());
    }

    private void killImports(String mode, int kills) throws Exception {
        Path dir = tmp.resolve("store");
        Map<String, long[]> tagged = new HashMap<>();
        for (int k = 0; k < kills; k++) {
            // Killed only after its first import is tagged, so a slow JVM start under load still leaves work to
            // check; the kill then lands anywhere in a later import.
            List<String> lines = runAndKillAfter("TAGGED ", 1500, mode, dir.toString(), Integer.toString(k + 1));
            for (String line : lines) {
                String[] w = line.split(" ");
                if (w[0].equals("TAGGED")) {
                    tagged.put(w[1], new long[] {Long.parseLong(w[2]), Long.parseLong(w[3])});
                }
            }
            checkTagged(dir, tagged, lines);
        }
        assertTrue(tagged.size() > kills / 2, "the children got work done: " + tagged.size());
    }

    @Test
    void killedReceivesKeepEveryRecordedGroupAndResume() throws Exception {
        Path source = tmp.resolve("source");
        byte[] data = TestData.random(12_000_000, 42);
        Hash h;
        try (BlobStore s = BlobStore.open(source); TempPin p = s.add(data)) {
            h = p.hash();
            s.setTag("blob", h, BlobFormat.RAW);
        }
        Path dir = tmp.resolve("store");
        int completed = 0;
        int resumed = 0;
        for (int k = 0; k < kills(); k++) {
            ChunkRanges reported = ChunkRanges.empty();
            ChunkRanges before;
            try (BlobStore store = BlobStore.open(dir)) {
                before = store.status(h).map(BlobStatus::verified).orElse(ChunkRanges.empty());
            }
            for (String line : runAndKill(1200, "ingest", dir.toString(), source.toString())) {
                if (line.startsWith("VERIFIED ")) {
                    String list = line.substring(10, line.length() - 1);
                    long[] b = list.isEmpty() ? new long[0]
                            : Arrays.stream(list.split(", ")).mapToLong(Long::parseLong).toArray();
                    reported = ChunkRanges.fromBoundaries(b);
                }
            }
            try (BlobStore store = BlobStore.open(dir)) {
                checkConsistent(store);
                BlobStatus s = store.status(h).orElse(null);
                ChunkRanges now = s == null ? ChunkRanges.empty() : s.verified();
                assertTrue(reported.difference(now).isEmpty(), "reported " + reported + " but kept " + now);
                assertTrue(before.difference(now).isEmpty(), "progress only grows: " + before + " -> " + now);
                if (!before.isEmpty() && now.difference(before).intersects(ChunkRanges.all())) {
                    resumed++;
                }
                long[] b = now.boundaries();
                for (int i = 0; i + 1 < b.length; i += 2) {
                    int from = (int) (b[i] * 1024);
                    int to = (int) Math.min(data.length, b[i + 1] * 1024);
                    assertArrayEquals(Arrays.copyOfRange(data, from, to), store.read(h, from, to - from));
                }
                if (s != null && s.isComplete()) {
                    completed++;
                    assertEquals(1, store.gc().blobsRemoved(), "start over");
                }
            }
        }
        assertTrue(resumed > 0, "some kill came after progress and the next run added to it");
        System.out.println("receive crash test: " + completed + " completed, " + resumed + " resumed");
    }

    @Test
    void killedCollectionsKeepEveryTaggedBlobAndLeaveNoOrphans() throws Exception {
        Path dir = tmp.resolve("store");
        Map<String, long[]> tagged = new HashMap<>();
        for (int k = 0; k < kills(); k++) {
            List<String> lines = runAndKill(1500, "gc", dir.toString(), Integer.toString(k + 1));
            for (String line : lines) {
                String[] w = line.split(" ");
                if (w[0].equals("TAGGED")) {
                    tagged.put(w[1], new long[] {Long.parseLong(w[2]), Long.parseLong(w[3])});
                } else if (w[0].equals("UNTAG")) {
                    tagged.remove(w[1]);
                }
            }
            checkTagged(dir, tagged, lines);
        }
    }
}
