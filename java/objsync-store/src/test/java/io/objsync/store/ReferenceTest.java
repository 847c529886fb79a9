package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blobs imported by reference: read from the user's file, verified, and that file is never written. */
class ReferenceTest {

    private static final int SIZE = 3_000_000; // 184 groups

    @TempDir
    Path tmp;

    /** The user's file and its content, as written by {@link #userFile}. */
    private byte[] data;
    private Path file;

    private Path userFile(int size, long seed) throws IOException {
        data = TestData.random(size, seed);
        file = tmp.resolve("user.bin");
        Files.write(file, data);
        return file;
    }

    private BlobStore open() throws IOException {
        return BlobStore.open(tmp.resolve("s"));
    }

    private static long storeBytes(BlobStore store) throws IOException {
        try (Stream<Path> all = Files.walk(store.directory())) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static Hash addRef(BlobStore store, Path file) throws IOException {
        try (TempPin p = store.addReference(file, ImportProgress.NONE)) {
            store.setTag("ref", p.hash(), BlobFormat.RAW);
            return p.hash();
        }
    }

    /** Asserts that every read path of {@code h} fails typed and nothing leaves the store. */
    private void assertEveryReadFails(BlobStore store, Hash h) throws IOException {
        assertThrows(ExternalFileChangedException.class, () -> store.read(h, 0, SIZE));
        try (InputStream in = store.openStream(h, 0, SIZE)) {
            assertThrows(ExternalFileChangedException.class, in::readAllBytes);
        } catch (ExternalFileChangedException atOpen) {
            // the cheap size and time check came first
        }
        Path out = tmp.resolve("export.bin");
        assertThrows(ExternalFileChangedException.class, () -> store.export(h, out));
        assertFalse(Files.exists(out), "no partial export");
        assertThrows(ExternalFileChangedException.class,
                () -> store.serve(h, ChunkRanges.all(), new ByteArrayOutputStream()));
    }

    @Test
    void aReferencedFileIsReadExportedAndServedWithoutACopy() throws IOException {
        userFile(SIZE, 1);
        long[] progress = {0};
        try (BlobStore store = BlobStore.open(tmp.resolve("s")); BlobStore copy = BlobStore.open(tmp.resolve("c"));
             TempPin p = store.addReference(file, (done, total) -> progress[0] = done)) {
            Hash h = p.hash();
            assertEquals(Blake3.hash(data), h);
            assertEquals(SIZE, progress[0]);
            assertEquals(new BlobStatus(h, SIZE, true, true, ChunkRanges.of(0, 2930)), store.status(h).orElseThrow());
            assertFalse(Files.exists(store.dataFile(h)), "no data file in the store");
            assertTrue(Files.exists(store.outboardFile(h)), "the store keeps the outboard");
            assertTrue(storeBytes(store) < SIZE / 4, "the store did not grow by the file: " + storeBytes(store));

            assertArrayEquals(data, store.read(h, 0, SIZE));
            assertArrayEquals(Arrays.copyOfRange(data, 1_000_000, 1_000_100), store.read(h, 1_000_000, 100));
            try (InputStream in = store.openStream(h)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            store.export(h, tmp.resolve("out.bin"));
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("out.bin")));
            try (TempPin q = copy.add(data)) {
                ChunkRanges some = ChunkRanges.of(100, 300);
                assertArrayEquals(TestData.response(copy, h, ChunkRanges.all()),
                        TestData.response(store, h, ChunkRanges.all()));
                assertArrayEquals(TestData.response(copy, h, some), TestData.response(store, h, some));
            }
            assertTrue(store.validate().isClean());
            assertArrayEquals(data, Files.readAllBytes(file));
        }
    }

    @Test
    void aModifiedByteIsNeverReturnedAndValidateDropsTheReference() throws IOException {
        try (BlobStore store = open()) {
            Hash h = addRef(store, userFile(SIZE, 2));
            FileTime before = Files.getLastModifiedTime(file);
            DamageTest.flip(file, 1_000_000);
            assertEveryReadFails(store, h);

            // the same size and time: only verification can tell, and does, for the changed group only
            Files.setLastModifiedTime(file, before);
            assertTrue(store.has(h), "size and time alone look unchanged");
            assertArrayEquals(Arrays.copyOf(data, 999_424), store.read(h, 0, 999_424), "good groups still read");
            ExternalFileChangedException e = assertThrows(ExternalFileChangedException.class,
                    () -> store.read(h, 990_000, 20_000));
            assertEquals(999_424, e.start()); // group 61
            assertEquals(1_015_808, e.end());
            assertEquals(file.toRealPath(), e.file());
            assertEveryReadFails(store, h);

            ValidateReport r = store.validate();
            assertEquals(Optional.of(ChunkRanges.of(0, 2930)), Optional.ofNullable(r.damaged().get(h)));
            assertEquals(Optional.empty(), store.status(h), "the reference is dropped");
            assertFalse(Files.exists(store.outboardFile(h)));
            assertThrows(BlobNotFoundException.class, () -> store.read(h, 0, 1));
            byte[] modified = data.clone();
            modified[1_000_000] ^= 0x10;
            assertArrayEquals(modified, Files.readAllBytes(file), "the user's file is left as the user made it");
            assertEquals(before, Files.getLastModifiedTime(file));
        }
    }

    @Test
    void aTruncatedOrDeletedFileIsReportedNotHeld() throws IOException {
        try (BlobStore store = open()) {
            Hash h = addRef(store, userFile(SIZE, 3));
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(SIZE - 5000);
            }
            assertEquals(new BlobStatus(h, SIZE, false, true, ChunkRanges.empty()), store.status(h).orElseThrow());
            assertFalse(store.has(h));
            assertEveryReadFails(store, h);

            Files.delete(file);
            assertFalse(store.has(h));
            ExternalFileChangedException e = assertThrows(ExternalFileChangedException.class,
                    () -> store.read(h, 0, 10));
            assertTrue(e.getMessage().contains("is gone"), e.getMessage());
            assertEveryReadFails(store, h);
            assertEquals(1, store.validate().damaged().size());
            assertFalse(Files.exists(file), "the store never recreates the file");
            assertEquals(Optional.empty(), store.status(h));
        }
    }

    @Test
    void collectingAReferenceLeavesTheFileAsItWas() throws IOException {
        userFile(SIZE, 4);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));
        try (BlobStore store = open()) {
            Hash h;
            try (TempPin p = store.addReference(file, ImportProgress.NONE)) {
                h = p.hash();
                assertEquals(0, store.gc().blobsRemoved(), "pinned");
            }
            GcReport r = store.gc();
            assertEquals(1, r.blobsRemoved());
            assertEquals(0, r.strayFiles());
            assertEquals(Optional.empty(), store.status(h));
            assertEquals(0, store.blobFiles().size(), "the outboard went with the record");
            assertArrayEquals(data, Files.readAllBytes(file));
            assertEquals(FileTime.fromMillis(1_600_000_000_000L), Files.getLastModifiedTime(file));
        }
    }

    @Test
    void theStoresOwnCopyWinsWhicheverCameFirst() throws IOException {
        userFile(SIZE, 5);
        try (BlobStore store = open()) {
            Hash h;
            try (TempPin copy = store.add(data); TempPin ref = store.addReference(file, ImportProgress.NONE)) {
                h = ref.hash();
                assertEquals(copy.hash(), h);
            }
            assertTrue(Files.exists(store.dataFile(h)), "the copy was kept");
            DamageTest.flip(file, 10);
            assertArrayEquals(data, store.read(h, 0, SIZE), "the copy does not depend on the file");
            assertEquals(1, store.gc().blobsRemoved());

            DamageTest.flip(file, 10);
            try (TempPin ref = store.addReference(file, ImportProgress.NONE); TempPin copy = store.add(data)) {
                assertEquals(h, copy.hash());
            }
            assertTrue(Files.exists(store.dataFile(h)), "a copy replaces the reference");
            Files.delete(file);
            assertArrayEquals(data, store.read(h, 0, SIZE));
            assertTrue(store.validate().isClean());
        }
    }

    @Test
    void aReferencePersistsAcrossReopen() throws IOException {
        userFile(SIZE, 6);
        Hash h;
        try (BlobStore store = open()) {
            h = addRef(store, file);
        }
        try (BlobStore store = open()) {
            assertTrue(store.has(h));
            assertArrayEquals(data, store.read(h, 0, SIZE));
            assertFalse(Files.exists(store.dataFile(h)));
            assertEquals(0, store.gc().blobsRemoved(), "tagged");
            assertTrue(store.validate().isClean());
        }
    }

    @Test
    void aDownloadNeverWritesTheReferencedFile() throws IOException {
        userFile(SIZE, 7);
        FileTime time = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(file, time);
        try (BlobStore store = BlobStore.open(tmp.resolve("s")); BlobStore source = BlobStore.open(tmp.resolve("o"));
             TempPin q = source.add(data)) {
            Hash h = addRef(store, file);
            byte[] response = TestData.response(source, h, ChunkRanges.all());
            assertTrue(store.receive(h, ChunkRanges.all(), new ByteArrayInputStream(response)).isComplete());
            assertFalse(Files.exists(store.dataFile(h)), "a valid reference stays one");

            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(SIZE / 2);
            }
            Files.setLastModifiedTime(file, time);
            assertEquals(ChunkRanges.of(0, 2930), store.status(h).orElseThrow().missing());
            assertTrue(store.receive(h, ChunkRanges.all(), new ByteArrayInputStream(response)).isComplete());
            assertTrue(Files.exists(store.dataFile(h)), "the download is the store's own copy");
            assertArrayEquals(data, store.read(h, 0, SIZE));
            assertArrayEquals(Arrays.copyOf(data, SIZE / 2), Files.readAllBytes(file), "the user's file untouched");
            assertEquals(time, Files.getLastModifiedTime(file));
            assertTrue(store.validate().isClean());
        }
    }

    @Test
    void aSmallFileIsCopiedInline() throws IOException {
        userFile(10_000, 8);
        try (BlobStore store = open()) {
            Hash h = addRef(store, file);
            Files.delete(file);
            assertArrayEquals(data, store.read(h, 0, data.length));
            assertEquals(0, store.blobFiles().size());
        }
    }

    @Test
    void aFileChangedWhileItIsHashedIsNotRecorded() throws IOException {
        userFile(20 << 20, 9); // three read buffers
        try (BlobStore store = open()) {
            StoreException e = assertThrows(StoreException.class, () -> store.addReference(file, (done, total) -> {
                if (done < total) {
                    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                        f.setLength(total + 1); // grows under the import
                    } catch (IOException io) {
                        throw new AssertionError(io);
                    }
                }
            }));
            assertTrue(e.getMessage().contains("changed while it was imported"), e.getMessage());
            assertEquals(0, store.list().size());
            assertEquals(0, store.blobFiles().size());
            try (Stream<Path> t = Files.list(store.directory().resolve("tmp"))) {
                assertEquals(0, t.count(), "the outboard was never written");
            }
        }
    }
}
