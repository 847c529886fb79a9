package io.objsync.store;

import io.objsync.hash.Blake3;
import io.objsync.store.internal.WriteHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file that changes while it is imported: the blob is exactly the bytes copied, under their own hash (the
 * copy is what is hashed, never the source). The changes are made from the write hook, which runs just before
 * each 16 MiB chunk is copied, so each test knows which bytes were copied before and after the change.
 */
class SourceChangesTest {

    private static final int CHUNK = 16 << 20;

    @TempDir
    Path tmp;

    /** Runs {@code change} on the source just before the copy of its second chunk. */
    private byte[] importChanging(byte[] data, Change change) throws IOException {
        Path source = tmp.resolve("source");
        Files.write(source, data);
        WriteHook hook = (file, position, bytes) -> {
            if (position == CHUNK && file.getFileName().toString().endsWith(".data")) {
                try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
                    change.apply(f);
                }
            }
        };
        try (BlobStore store = BlobStore.open(tmp.resolve("s"), StoreOptions.defaults().writeHook(hook));
             TempPin p = store.add(source, ImportProgress.NONE)) {
            long size = store.status(p.hash()).orElseThrow().size();
            byte[] stored = store.read(p.hash(), 0, (int) size);
            assertEquals(Blake3.hash(stored), p.hash(), "the hash is the stored bytes' hash");
            assertTrue(store.validate().isClean());
            return stored;
        }
    }

    private interface Change {
        void apply(RandomAccessFile f) throws IOException;
    }

    @Test
    void aSourceCutShortEndsTheBlobWhereItEnded() throws IOException {
        byte[] data = TestData.random(40 << 20, 1);
        byte[] stored = importChanging(data, f -> f.setLength(CHUNK + 12345));
        assertArrayEquals(Arrays.copyOf(data, CHUNK + 12345), stored);
    }

    @Test
    void aSourceThatGrowsIsReadToItsNewEnd() throws IOException {
        byte[] data = TestData.random((20 << 20) + 7, 2);
        byte[] more = TestData.random(30 << 20, 3);
        byte[] stored = importChanging(data, f -> {
            f.seek(f.length());
            f.write(more);
        });
        byte[] expected = Arrays.copyOf(data, data.length + more.length);
        System.arraycopy(more, 0, expected, data.length, more.length);
        assertArrayEquals(expected, stored);
    }

    @Test
    void bytesOverwrittenAfterTheyWereCopiedStayAsCopiedAndLaterOnesAsChanged() throws IOException {
        byte[] data = TestData.random(40 << 20, 4);
        byte[] patch = TestData.random(1 << 20, 5);
        byte[] stored = importChanging(data, f -> {
            f.seek(0);
            f.write(patch); // already copied
            f.seek(30 << 20);
            f.write(patch); // not yet
        });
        byte[] expected = data.clone();
        System.arraycopy(patch, 0, expected, 30 << 20, patch.length);
        assertArrayEquals(expected, stored);
    }

    /** A file cut to inline size just before its copy starts becomes an inline blob after all. */
    @Test
    void aSourceCutToInlineSizeBecomesAnInlineBlob() throws IOException {
        byte[] data = TestData.random(100_000, 6);
        Path source = tmp.resolve("small-source");
        Files.write(source, data);
        WriteHook hook = (file, position, bytes) -> {
            if (position == 0 && file.getFileName().toString().endsWith(".data")) {
                try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
                    f.setLength(1000);
                }
            }
        };
        try (BlobStore store = BlobStore.open(tmp.resolve("s"), StoreOptions.defaults().writeHook(hook));
             TempPin p = store.add(source, ImportProgress.NONE)) {
            assertEquals(Blake3.hash(Arrays.copyOf(data, 1000)), p.hash());
            assertArrayEquals(Arrays.copyOf(data, 1000), store.read(p.hash(), 0, 1000));
            assertEquals(0, store.blobFiles().size(), "kept inline, no files");
            try (var t = Files.list(tmp.resolve("s/tmp"))) {
                assertEquals(0, t.count(), "the temporary copy is gone");
            }
        }
    }
}
