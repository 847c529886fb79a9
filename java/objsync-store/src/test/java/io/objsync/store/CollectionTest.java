package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectionTest {

    @TempDir
    Path tmp;

    /** The iroh-blobs format, built by hand: header, postcard Vec of strings; hash sequence of 32-byte hashes. */
    @Test
    void encodesTheReferenceFormatByteForByte() throws IOException {
        Hash h1 = Blake3.hash("one".getBytes(StandardCharsets.UTF_8));
        Hash h2 = Blake3.hash("two".getBytes(StandardCharsets.UTF_8));
        Collection c = Collection.of(List.of(new Collection.Entry("a.txt", h1), new Collection.Entry("dir/b", h2)));

        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        meta.write("CollectionV0.".getBytes(StandardCharsets.US_ASCII)); // [u8; 13], no length
        meta.write(2); // Vec length
        meta.write(5);
        meta.write("a.txt".getBytes(StandardCharsets.UTF_8));
        meta.write(5);
        meta.write("dir/b".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(meta.toByteArray(), c.metadataBlob());

        Hash metaHash = Blake3.hash(meta.toByteArray());
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        seq.write(metaHash.toBytes());
        seq.write(h1.toBytes());
        seq.write(h2.toBytes());
        assertArrayEquals(seq.toByteArray(), c.hashSeq(metaHash));

        assertEquals(c, Collection.decode(seq.toByteArray(), meta.toByteArray(), metaHash));
        // a long name takes a two-byte varint length
        String longName = "x".repeat(200);
        byte[] m = Collection.of(List.of(new Collection.Entry(longName, h1))).metadataBlob();
        assertEquals(13 + 1 + 2 + 200, m.length);
        assertEquals((byte) 0xc8, m[14]);
        assertEquals(1, m[15]);
    }

    @Test
    void rejectsMalformedCollections() {
        Hash h1 = Blake3.hash(new byte[] {1});
        Collection c = Collection.of(List.of(new Collection.Entry("a", h1)));
        byte[] meta = c.metadataBlob();
        Hash mh = Blake3.hash(meta);
        byte[] seq = c.hashSeq(mh);
        assertThrows(StoreException.class, () -> Collection.decode(seq, meta, h1), "first hash must be the metadata");
        byte[] badHeader = meta.clone();
        badHeader[0] = 'c';
        assertThrows(StoreException.class, () -> Collection.decode(seq, badHeader, mh));
        assertThrows(StoreException.class, () -> Collection.decode(java.util.Arrays.copyOf(seq, 32), meta, mh),
                "one name, no child");
        assertThrows(StoreException.class, () -> Collection.decode(java.util.Arrays.copyOf(seq, 40), meta, mh));
        byte[] truncated = java.util.Arrays.copyOf(meta, meta.length - 1);
        assertThrows(StoreException.class, () -> Collection.decode(seq, truncated, mh));
    }

    @Test
    void aDirectoryBecomesACollectionThatReadsBackAndSurvivesGc() throws IOException {
        Path dir = tmp.resolve("tree");
        Files.createDirectories(dir.resolve("sub/deeper"));
        List<byte[]> contents = new ArrayList<>();
        String[] names = {"a.bin", "b.txt", "sub/c.bin", "sub/deeper/d.bin"};
        int[] sizes = {0, 10, 100_000, 40_000};
        for (int i = 0; i < names.length; i++) {
            contents.add(TestData.random(sizes[i], i));
            Files.write(dir.resolve(names[i]), contents.get(i));
        }
        try (BlobStore store = BlobStore.open(tmp.resolve("s"))) {
            Hash root;
            long[] last = {0, 0};
            try (TempPin pin = store.addDirectory(dir, (done, total) -> {
                last[0] = done;
                last[1] = total;
            })) {
                assertEquals(BlobFormat.HASH_SEQ, pin.format());
                root = pin.hash();
                assertEquals(140_010, last[0]);
                assertEquals(140_010, last[1]);
                assertEquals(0, store.gc().blobsRemoved(), "a hash-sequence pin keeps the children");
                store.setTag("tree", root, BlobFormat.HASH_SEQ);
            }
            Collection c = store.readCollection(root);
            assertEquals(names.length, c.entries().size());
            for (int i = 0; i < names.length; i++) {
                assertEquals(names[i], c.entries().get(i).name());
                assertArrayEquals(contents.get(i), store.read(c.entries().get(i).hash(), 0, sizes[i]));
            }
            assertTrue(store.isCollectionComplete(root));
            try (TempPin loose = store.add(TestData.random(1000, 99))) {
                assertEquals(loose.hash(), loose.hash());
            }
            GcReport r = store.gc();
            assertEquals(1, r.blobsRemoved(), "only the untagged blob goes");
            assertEquals(names.length + 2, r.blobsKept());
            assertTrue(store.isCollectionComplete(root));
            // the same collection from a list, and its completeness as its children arrive elsewhere
            try (TempPin same = store.addCollection(c)) {
                assertEquals(root, same.hash());
            }
            try (BlobStore other = BlobStore.open(tmp.resolve("o"))) {
                try (TempPin p = other.addCollection(c)) {
                    assertEquals(root, p.hash());
                    assertFalse(other.isCollectionComplete(root));
                    for (Collection.Entry e : c.entries()) {
                        ChunkRanges all = ChunkRanges.all();
                        other.receive(e.hash(), all, new ByteArrayInputStream(TestData.response(store, e.hash(), all)));
                    }
                    assertTrue(other.isCollectionComplete(root));
                    assertEquals(c, other.readCollection(root));
                }
            }
            store.deleteTag("tree");
            assertEquals(names.length + 2, store.gc().blobsRemoved());
        }
    }
}
