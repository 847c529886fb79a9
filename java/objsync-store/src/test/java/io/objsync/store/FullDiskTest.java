package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import io.objsync.store.internal.WriteHook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A disk that fills up: imports fail cleanly, receives keep their progress, the store stays usable. */
class FullDiskTest {

    @TempDir
    Path tmp;

    /** Fails every write once {@code budget} bytes have been written, until re-armed with a larger budget. */
    static final class Disk implements WriteHook {
        final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);

        @Override
        public void beforeWrite(Path file, long position, int bytes) throws IOException {
            if (budget.addAndGet(-bytes) < 0) {
                budget.addAndGet(bytes);
                throw new IOException("No space left on device");
            }
        }
    }

    @Test
    void anImportThatRunsOutOfSpaceFailsCleanlyAndTheStoreGoesOn() throws IOException {
        Disk disk = new Disk();
        try (BlobStore store = BlobStore.open(tmp.resolve("s"), StoreOptions.defaults().writeHook(disk))) {
            Hash kept;
            try (TempPin p = store.add(TestData.random(100_000, 1))) {
                kept = p.hash();
                store.setTag("kept", kept, BlobFormat.RAW);
            }
            byte[] big = TestData.random(10_000_000, 2);
            Path bigFile = tmp.resolve("big");
            Files.write(bigFile, big);
            for (long budget : new long[] {0, 1 << 20, 9 << 20, 10_000_000}) { // 10 MB data fails, then its outboard
                disk.budget.set(budget);
                StoreException e = assertThrows(StoreException.class, () -> store.add(big), "budget " + budget);
                assertTrue(e.getMessage().contains("No space left"), e.getMessage());
                assertEquals(1, store.list().size(), "no record of the failed import");
                assertEquals(2, store.blobFiles().size());
                try (var files = Files.list(tmp.resolve("s/tmp"))) {
                    assertEquals(0, files.count(), "its temporary files are gone");
                }
                disk.budget.set(budget); // the same from a file (copied in the kernel, not written from buffers)
                e = assertThrows(StoreException.class, () -> store.add(bigFile, ImportProgress.NONE));
                assertTrue(e.getMessage().contains("No space left"), e.getMessage());
                assertEquals(1, store.list().size());
                try (var files = Files.list(tmp.resolve("s/tmp"))) {
                    assertEquals(0, files.count());
                }
            }
            disk.budget.set(Long.MAX_VALUE);
            try (TempPin p = store.add(TestData.random(10_000_000, 2))) {
                assertTrue(store.has(p.hash()));
            }
            assertArrayEquals(TestData.random(100_000, 1), store.read(kept, 0, 100_000));
            assertTrue(store.validate().isClean());
        }
    }

    @Test
    void aReceiveThatRunsOutOfSpaceKeepsWhatItRecordedAndResumes() throws IOException {
        Disk disk = new Disk();
        byte[] data = TestData.random(2_000_000, 3);
        StoreOptions options = StoreOptions.defaults().ingestSyncBytes(100_000).writeHook(disk);
        try (BlobStore source = BlobStore.open(tmp.resolve("a")); TempPin p = source.add(data);
             BlobStore store = BlobStore.open(tmp.resolve("b"), options)) {
            Hash h = p.hash();
            byte[] response = TestData.response(source, h, ChunkRanges.all());
            disk.budget.set(1_000_000);
            assertThrows(IOException.class, () -> store.receive(h, ChunkRanges.all(), new ByteArrayInputStream(response)));
            BlobStatus s = store.status(h).orElseThrow();
            assertFalse(s.isComplete());
            long kept = s.verified().boundaries()[1] * 1024;
            assertTrue(kept >= 800_000, "progress up to the last record before the failure: " + s);
            assertArrayEquals(java.util.Arrays.copyOf(data, (int) kept), store.read(h, 0, (int) kept));
            disk.budget.set(Long.MAX_VALUE);
            store.receive(h, s.missing(), new ByteArrayInputStream(TestData.response(source, h, s.missing())));
            assertArrayEquals(data, store.read(h, 0, data.length));
        }
    }

    /** The real thing where the test may mount a file system: a 24 MiB tmpfs filled by a 40 MB import. */
    @Test
    void aRealFullFileSystem() throws Exception {
        Path mnt = tmp.resolve("mnt");
        Files.createDirectories(mnt);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor() == 0;
        String why = "mounting a tmpfs needs root: " + new String(mount.getInputStream().readAllBytes());
        if (!mounted && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + " (CI runs as root)");
        }
        Assumptions.assumeTrue(mounted, why);
        try {
            try (BlobStore store = BlobStore.open(mnt.resolve("s"), StoreOptions.defaults().mapSize(8 << 20))) {
                Hash small;
                try (TempPin p = store.add(TestData.random(200_000, 4))) {
                    small = p.hash();
                    store.setTag("small", small, BlobFormat.RAW);
                }
                Path big = tmp.resolve("big");
                Files.write(big, TestData.random(40_000_000, 5));
                StoreException e = assertThrows(StoreException.class, () -> store.add(big, ImportProgress.NONE));
                assertTrue(e.getMessage().contains("No space left"), e.getMessage());
                try (var files = Files.list(mnt.resolve("s/tmp"))) {
                    assertEquals(0, files.count());
                }
                assertEquals(1, store.list().size());
                try (TempPin p = store.add(TestData.random(3_000_000, 6))) {
                    assertTrue(store.has(p.hash()), "space freed by the failed import is usable");
                }
                assertTrue(store.validate().isClean());
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }
}
