package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The process {@link CrashTest} kills: works on a store and reports on stdout, after the fact, each thing that
 * is durable, so the parent knows what must survive the SIGKILL it sends at a random moment.
 *
 * <ul>
 *   <li>{@code import DIR SEED}: imports blobs (bytes, stream, file) and tags each: {@code TAGGED name seed size};
 *   {@code import-nosync} the same with {@link Durability#PROCESS_CRASH_SAFE} (the page cache outlives the
 *   process, so nothing reported may be lost); {@code import-ref} imports each blob from its own file by
 *   reference ({@link BlobStore#addReference}), the files left in place
 *   <li>{@code ingest DIR SOURCE}: receives blob 0 of the source store, slowly, resuming what is missing;
 *   a watcher prints {@code VERIFIED boundaries} whenever the committed verified ranges grow
 *   <li>{@code gc DIR SEED}: imports blobs, tags some, untags older ones, collects, in a loop
 * </ul>
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "import" -> importLoop(dir, Long.parseLong(args[2]), Durability.SYNC, false);
            case "import-nosync" -> importLoop(dir, Long.parseLong(args[2]), Durability.PROCESS_CRASH_SAFE, false);
            case "import-ref" -> importLoop(dir, Long.parseLong(args[2]), Durability.SYNC, true);
            case "ingest" -> ingestLoop(dir, Path.of(args[2]));
            case "gc" -> gcLoop(dir, Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Blob sizes: inline, around a group, multi-MiB (several import buffers), several file copy chunks. */
    static int size(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(16_500);
            case 1 -> 16_000 + rnd.nextInt(200_000);
            case 4 -> (16 << 20) + rnd.nextInt(24 << 20);
            default -> rnd.nextInt(6_000_000);
        };
    }

    private static void importLoop(Path dir, long seed, Durability durability, boolean byReference)
            throws IOException {
        try (BlobStore store = BlobStore.open(dir, StoreOptions.defaults().importDurability(durability))) {
            System.out.println("READY");
            Random rnd = new Random(seed);
            for (int i = 0; ; i++) {
                long blobSeed = seed * 1000 + i;
                byte[] data = TestData.random(size(rnd), blobSeed);
                TempPin pin;
                if (byReference) {
                    Path f = dir.resolveSibling("ref-" + blobSeed); // one file per blob: it must stay as it was
                    Files.write(f, data);
                    pin = store.addReference(f, ImportProgress.NONE);
                } else {
                    switch (i % 3) {
                        case 0 -> pin = store.add(data);
                        case 1 -> pin = store.add(new ByteArrayInputStream(data), ImportProgress.NONE);
                        default -> {
                            Path f = dir.resolveSibling("input-" + seed);
                            Files.write(f, data);
                            pin = store.add(f, ImportProgress.NONE);
                        }
                    }
                }
                try (pin) {
                    store.setTag("t" + blobSeed, pin.hash(), BlobFormat.RAW);
                }
                System.out.println("TAGGED t" + blobSeed + " " + blobSeed + " " + data.length);
            }
        }
    }

    private static void ingestLoop(Path dir, Path sourceDir) throws Exception {
        StoreOptions options = StoreOptions.defaults().ingestSyncBytes(64 * 1024);
        try (BlobStore source = BlobStore.open(sourceDir); BlobStore store = BlobStore.open(dir, options)) {
            Hash h = source.tags().get(0).hash();
            Thread watcher = new Thread(() -> watch(store, h));
            watcher.setDaemon(true);
            watcher.start();
            System.out.println("READY");
            while (true) {
                ChunkRanges missing = store.status(h).map(BlobStatus::missing).orElse(ChunkRanges.all());
                if (missing.isEmpty()) {
                    Thread.sleep(10_000); // done: wait to be killed
                    continue;
                }
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                source.serve(h, missing, response);
                store.receive(h, missing, new Slow(new ByteArrayInputStream(response.toByteArray())));
            }
        }
    }

    /** Prints the committed verified ranges each time they grow: what the parent may demand after the kill. */
    private static void watch(BlobStore store, Hash h) {
        ChunkRanges last = ChunkRanges.empty();
        try {
            while (true) {
                ChunkRanges now = store.status(h).map(BlobStatus::verified).orElse(ChunkRanges.empty());
                if (!now.equals(last)) {
                    System.out.println("VERIFIED " + Arrays.toString(now.boundaries()));
                    last = now;
                }
                Thread.sleep(2);
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // the store closed
        }
    }

    /** About 16 MB/s, so a kill lands in the middle of a transfer. */
    private static final class Slow extends FilterInputStream {
        private long count;

        Slow(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, Math.min(len, 16 * 1024));
            if (n > 0 && (count += n) >= 16 * 1024) {
                count = 0;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            return n;
        }
    }

    private static void gcLoop(Path dir, long seed) throws IOException {
        try (BlobStore store = BlobStore.open(dir)) {
            System.out.println("READY");
            Random rnd = new Random(seed);
            for (int i = 0; ; i++) {
                long blobSeed = seed * 1000 + i;
                byte[] data = TestData.random(16_385 + rnd.nextInt(100_000), blobSeed);
                try (TempPin pin = store.add(data)) {
                    if (i % 3 == 0) {
                        store.setTag("t" + blobSeed, pin.hash(), BlobFormat.RAW);
                        System.out.println("TAGGED t" + blobSeed + " " + blobSeed + " " + data.length);
                    }
                }
                if (i % 9 == 8) {
                    long old = seed * 1000 + i - 8;
                    System.out.println("UNTAG t" + old); // before: the tag may be gone from here on
                    store.deleteTag("t" + old);
                }
                if (i % 4 == 3) {
                    store.gc();
                }
            }
        }
    }
}
