package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobStoreTest {

    @TempDir
    Path tmp;

    /**
     * Past the import's flush-ahead distance (64 MiB), data is forced while it is still copied; without sync
     * it is not forced at all. Either way, and from a file or a stream, the blob is whole and survives a reopen.
     */
    @Test
    void aFileLargerThanTheFlushAheadDistanceImportsWholeWithEitherDurability() throws IOException {
        byte[] data = TestData.random((150 << 20) + 4321, 7);
        Path file = tmp.resolve("big");
        Files.write(file, data);
        for (Durability d : Durability.values()) {
            Path dir = tmp.resolve("s-" + d);
            Hash h;
            try (BlobStore store = BlobStore.open(dir, StoreOptions.defaults().importDurability(d));
                 TempPin p = store.add(file, ImportProgress.NONE);
                 TempPin q = store.add(new ByteArrayInputStream(data), ImportProgress.NONE)) {
                h = p.hash();
                assertEquals(Blake3.hash(data), h);
                assertEquals(h, q.hash());
                store.setTag("big", h, BlobFormat.RAW);
            }
            try (BlobStore store = BlobStore.open(dir)) {
                assertArrayEquals(data, Files.readAllBytes(store.dataFile(h)), d.toString());
                assertTrue(store.validate().isClean());
            }
        }
    }

    @Test
    void importsBytesStreamsAndFilesUnderTheirBlake3HashAndReadsThemBack() throws IOException {
        try (BlobStore store = BlobStore.open(tmp.resolve("s"))) {
            for (int size : TestData.SIZES) {
                byte[] data = TestData.random(size, size);
                Hash expected = Blake3.hash(data);
                Path file = tmp.resolve("in-" + size);
                Files.write(file, data);
                List<long[]> progress = new ArrayList<>();
                try (TempPin a = store.add(data);
                     TempPin b = store.add(TestData.trickle(data, size), ImportProgress.NONE);
                     TempPin c = store.add(file, (done, total) -> progress.add(new long[] {done, total}))) {
                    assertEquals(expected, a.hash(), "size " + size);
                    assertEquals(expected, b.hash());
                    assertEquals(expected, c.hash());
                }
                assertEquals(size, progress.get(progress.size() - 1)[0], "progress ends at the size");
                assertEquals(size, progress.get(0)[1], "a file's total is known");
                assertTrue(store.has(expected));
                BlobStatus s = store.status(expected).orElseThrow();
                assertTrue(s.isComplete());
                assertEquals(size, s.size());
                assertEquals(ChunkRanges.of(0, Math.max(1, (size + 1023) / 1024)), s.verified());
                assertArrayEquals(data, store.read(expected, 0, size));
                try (InputStream in = store.openStream(expected)) {
                    assertArrayEquals(data, in.readAllBytes());
                }
                Path out = tmp.resolve("out-" + size);
                store.export(expected, out);
                assertArrayEquals(data, Files.readAllBytes(out));
            }
            assertEquals(TestData.SIZES.length, store.list().size(), "identical content is stored once");
        }
    }

    @Test
    void largeBlobsAreOneDataAndOneOutboardFileAndSmallOnesNone() throws IOException {
        try (BlobStore store = BlobStore.open(tmp)) {
            Hash[] both = TestData.add(store, TestData.random(16384, 1), TestData.random(16385, 2));
            Hash small = both[0];
            Hash large = both[1];
            assertEquals(2, store.blobFiles().size());
            assertTrue(Files.exists(store.dataFile(large)));
            assertEquals(64, Files.size(store.outboardFile(large)));
            assertFalse(Files.exists(store.dataFile(small)));
            try (TempPin again = store.add(new ByteArrayInputStream(TestData.random(16385, 2)),
                    ImportProgress.NONE)) {
                assertEquals(large, again.hash());
            }
            assertEquals(2, store.blobFiles().size(), "a duplicate import leaves no file behind");
            assertEquals(0, Files.list(tmp.resolve("tmp")).count());
        }
    }

    @Test
    void readsAnyByteRangeAsBytesOrStream() throws IOException {
        byte[] data = TestData.random(300_000, 5);
        Random rnd = new Random(6);
        try (BlobStore store = BlobStore.open(tmp); TempPin p = store.add(data)) {
            for (int i = 0; i < 50; i++) {
                int off = rnd.nextInt(data.length);
                int len = rnd.nextInt(data.length - off + 1);
                byte[] expected = java.util.Arrays.copyOfRange(data, off, off + len);
                assertArrayEquals(expected, store.read(p.hash(), off, len), off + "+" + len);
                try (InputStream in = store.openStream(p.hash(), off, len)) {
                    assertArrayEquals(expected, in.readAllBytes());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> store.read(p.hash(), 299_999, 2));
            Hash absent = Blake3.hash(new byte[] {1, 2, 3});
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.read(absent, 0, 1));
            assertEquals(absent, e.hash());
            assertTrue(store.status(absent).isEmpty());
            assertFalse(store.has(absent));
        }
    }

    @Test
    void persistsAcrossReopen() throws IOException {
        byte[] data = TestData.random(200_000, 7);
        Hash h;
        try (BlobStore store = BlobStore.open(tmp); TempPin p = store.add(data)) {
            h = p.hash();
            store.setTag("keep", h, BlobFormat.RAW);
        }
        try (BlobStore store = BlobStore.open(tmp)) {
            assertArrayEquals(data, store.read(h, 0, data.length));
            assertEquals(new Tag("keep", h, BlobFormat.RAW), store.tag("keep").orElseThrow());
        }
    }

    @Test
    void aSecondOpenerIsToldWhoHoldsTheStore() throws IOException {
        try (BlobStore store = BlobStore.open(tmp)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> BlobStore.open(tmp));
            assertTrue(e.holder().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains(tmp.toString()));
        }
        BlobStore.open(tmp).close(); // released on close
    }

    @Test
    void closedStoreRefusesWork() throws IOException {
        BlobStore store = BlobStore.open(tmp);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.add(new byte[1]));
    }

    @Test
    void tagsPinAndGcRemovesTheRest() throws IOException {
        try (BlobStore store = BlobStore.open(tmp)) {
            Hash tagged;
            Hash pinned;
            Hash loose;
            Hash looseSmall;
            try (TempPin a = store.add(TestData.random(50_000, 1)); TempPin b = store.add(TestData.random(50_000, 2));
                 TempPin c = store.add(TestData.random(50_000, 3)); TempPin d = store.add(TestData.random(10, 4))) {
                tagged = a.hash();
                pinned = b.hash();
                loose = c.hash();
                looseSmall = d.hash();
                store.setTag("a", tagged, BlobFormat.RAW);
                GcReport whilePinned = store.gc();
                assertEquals(0, whilePinned.blobsRemoved(), "imports stay pinned until their pins close");
            }
            try (TempPin keep = store.pin(pinned, BlobFormat.RAW)) {
                GcReport r = store.gc();
                assertEquals(2, r.blobsRemoved());
                assertEquals(50_010, r.bytesRemoved());
                assertEquals(2, r.blobsKept());
                assertEquals(0, r.strayFiles());
                assertTrue(store.has(tagged));
                assertTrue(store.has(pinned));
                assertFalse(store.has(loose));
                assertFalse(store.has(looseSmall));
                assertFalse(Files.exists(store.dataFile(loose)));
                assertFalse(Files.exists(store.outboardFile(loose)));
            }
            assertEquals(List.of(new Tag("a", tagged, BlobFormat.RAW)), store.tags());
            assertTrue(store.deleteTag("a"));
            assertFalse(store.deleteTag("a"));
            assertEquals(2, store.gc().blobsRemoved());
            assertEquals(0, store.list().size());
            assertEquals(0, store.blobFiles().size());
        }
    }

    @Test
    void gcDeletesStrayFilesNoRecordNames() throws IOException {
        try (BlobStore store = BlobStore.open(tmp)) {
            Hash h = Blake3.hash(new byte[] {9});
            Files.write(store.dataFile(h), new byte[100]);
            Files.write(store.dataFile(h).resolveSibling("notes.txt"), new byte[1]);
            assertEquals(2, store.gc().strayFiles());
            assertEquals(0, store.blobFiles().size());
        }
    }

    @Test
    void addAllImportsManyBlobsInOneCommitIncludingDuplicates() throws IOException {
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            blobs.add(TestData.random(i % 7 == 0 ? 40_000 + i : i * 10, i % 150)); // each content twice
        }
        try (BlobStore store = BlobStore.open(tmp)) {
            List<TempPin> pins = store.addAll(blobs);
            for (int i = 0; i < blobs.size(); i++) {
                assertEquals(Blake3.hash(blobs.get(i)), pins.get(i).hash());
                assertArrayEquals(blobs.get(i), store.read(pins.get(i).hash(), 0, blobs.get(i).length));
            }
            pins.forEach(TempPin::close);
            assertEquals(blobs.stream().map(Blake3::hash).distinct().count(), store.list().size());
            try (var t = Files.list(tmp.resolve("tmp"))) {
                assertEquals(0, t.count());
            }
            assertTrue(store.validate().isClean());
        }
    }
}
