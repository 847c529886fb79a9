package io.objsync.store;

import io.objsync.bao.ChunkRanges;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bit flips and lost files: found by validate, never read or served. */
class DamageTest {

    @TempDir
    Path tmp;

    static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void aFlippedDataBitIsNeverReadNorServedAndValidateMarksItsGroupMissing() throws IOException {
        byte[] data = TestData.random(300_000, 1); // 19 groups
        try (BlobStore store = BlobStore.open(tmp.resolve("s")); BlobStore healthy = BlobStore.open(tmp.resolve("h"));
             TempPin p = store.add(data); TempPin q = healthy.add(data)) {
            Hash h = p.hash();
            flip(store.dataFile(h), 100_000); // group 6: bytes [98304, 114688)
            assertArrayEquals(java.util.Arrays.copyOf(data, 98304), store.read(h, 0, 98304), "good groups still read");
            DataCorruptedException e = assertThrows(DataCorruptedException.class, () -> store.read(h, 90_000, 20_000));
            assertEquals(h, e.hash());
            assertEquals(98304, e.start());
            assertEquals(114688, e.end());
            try (InputStream in = store.openStream(h)) {
                assertThrows(DataCorruptedException.class, in::readAllBytes);
            }
            assertThrows(DataCorruptedException.class, () -> store.export(h, tmp.resolve("out")));
            assertFalse(Files.exists(tmp.resolve("out")), "no partial export");
            ByteArrayOutputStream served = new ByteArrayOutputStream();
            assertThrows(DataCorruptedException.class, () -> store.serve(h, ChunkRanges.all(), served));
            byte[] full = TestData.response(healthy, h, ChunkRanges.all());
            assertTrue(served.size() < full.length);
            assertArrayEquals(java.util.Arrays.copyOf(full, served.size()), served.toByteArray(),
                    "what went out before the damage is the true stream");

            ValidateReport r = store.validate();
            assertEquals(Map.of(h, ChunkRanges.of(96, 112)), r.damaged());
            assertEquals(1, r.blobsChecked());
            assertEquals(300_000, r.bytesChecked());
            BlobStatus s = store.status(h).orElseThrow();
            assertFalse(s.isComplete());
            assertEquals(ChunkRanges.of(96, 112), s.missing());
            assertThrows(RangeNotAvailableException.class, () -> store.read(h, 100_000, 1));
            // refetching the damaged group heals the blob
            store.receive(h, s.missing(), new ByteArrayInputStream(TestData.response(healthy, h, s.missing())));
            assertTrue(store.has(h));
            assertArrayEquals(data, store.read(h, 0, data.length));
            assertTrue(store.validate().isClean());
        }
    }

    @Test
    void aDamagedOutboardPairMarksTheGroupsBelowItMissing() throws IOException {
        byte[] data = TestData.random(300_000, 2);
        try (BlobStore store = BlobStore.open(tmp)) {
            Hash h;
            try (TempPin p = store.add(data)) {
                h = p.hash();
            }
            // pair 1 is the root's left child, over groups 0..15: it no longer matches the root's left value
            flip(store.outboardFile(h), 64);
            assertThrows(DataCorruptedException.class, () -> store.read(h, 0, 10));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 262_144, 300_000),
                    store.read(h, 262_144, 300_000 - 262_144), "the right subtree still verifies");
            ValidateReport r = store.validate();
            assertEquals(Map.of(h, ChunkRanges.of(0, 256)), r.damaged());
            assertEquals(ChunkRanges.of(256, 293), store.status(h).orElseThrow().verified());
        }
    }

    @Test
    void truncatedAndMissingFilesAreReportedToo() throws IOException {
        try (BlobStore store = BlobStore.open(tmp)) {
            Hash[] two = TestData.add(store, TestData.random(100_000, 3), TestData.random(50_000, 4));
            Hash cut = two[0];
            Hash gone = two[1];
            try (RandomAccessFile f = new RandomAccessFile(store.dataFile(cut).toFile(), "rw")) {
                f.setLength(70_000); // group 4 [65536, 81920) short, groups 5 and 6 gone
            }
            Files.delete(store.dataFile(gone));
            assertThrows(DataCorruptedException.class, () -> store.read(cut, 60_000, 20_000));
            assertThrows(DataCorruptedException.class, () -> store.read(gone, 0, 1));
            ValidateReport r = store.validate();
            assertEquals(ChunkRanges.of(64, 98), r.damaged().get(cut));
            assertEquals(ChunkRanges.of(0, 49), r.damaged().get(gone));
            assertEquals(ChunkRanges.of(0, 64), store.status(cut).orElseThrow().verified());
            assertTrue(store.status(gone).orElseThrow().verified().isEmpty());
        }
    }

    @Test
    void aPartialBlobThatLostItsFilesIsReportedAndOneWithoutFilesYetIsNot() throws IOException {
        byte[] data = TestData.random(200_000, 5);
        try (BlobStore source = BlobStore.open(tmp.resolve("a")); BlobStore store = BlobStore.open(tmp.resolve("b"));
             TempPin p = source.add(data); TempPin keep = store.pin(p.hash(), BlobFormat.RAW)) {
            Hash h = p.hash();
            ChunkRanges some = ChunkRanges.of(0, 32);
            store.receive(h, some, new ByteArrayInputStream(TestData.response(source, h, some)));
            Files.delete(store.dataFile(h));
            Files.delete(store.outboardFile(h));
            assertEquals(Map.of(h, some), store.validate().damaged());
            assertTrue(store.status(h).orElseThrow().verified().isEmpty());
            assertTrue(store.validate().isClean(), "a record with nothing verified needs no files");
            assertThrows(RangeNotAvailableException.class, () -> store.read(h, 0, 1));
        }
    }
}
