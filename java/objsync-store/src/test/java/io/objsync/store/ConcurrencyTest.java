package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importers, readers, receivers, collection builders and a garbage collector on one store at once. */
class ConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void manyThreadsAtOnceGiveConsistentResults() throws Exception {
        byte[] remote = TestData.random(3_000_000, 77);
        Hash remoteHash = Blake3.hash(remote);
        try (BlobStore source = BlobStore.open(tmp.resolve("source"));
             BlobStore store = BlobStore.open(tmp.resolve("s"), StoreOptions.defaults().ingestSyncBytes(256 * 1024))) {
            source.add(remote).close();
            source.setTag("r", remoteHash, BlobFormat.RAW);
            Map<String, Hash> tagged = new ConcurrentHashMap<>();
            Map<Hash, byte[]> contents = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    Random rnd = new Random(thread);
                    for (int i = 0; i < 30; i++) {
                        // shared seeds: threads import the same content at the same time
                        byte[] data = TestData.random(rnd.nextInt(3) == 0 ? 500 : 20_000 + rnd.nextInt(300_000),
                                i % 10);
                        try (TempPin p = store.add(data)) {
                            contents.put(p.hash(), data);
                            if (i % 2 == 0) {
                                store.setTag("t" + thread + "-" + i, p.hash(), BlobFormat.RAW);
                                tagged.put("t" + thread + "-" + i, p.hash());
                            }
                            assertArrayEquals(data, store.read(p.hash(), 0, data.length));
                        }
                    }
                    return null;
                }));
            }
            jobs.add(pool.submit(() -> { // collections of what is tagged so far
                for (int i = 0; i < 10; i++) {
                    List<Collection.Entry> entries = new ArrayList<>();
                    tagged.forEach((name, h) -> entries.add(new Collection.Entry(name, h)));
                    entries.sort((a, b) -> a.name().compareTo(b.name()));
                    Collection c = Collection.of(entries);
                    try (TempPin p = store.addCollection(c)) {
                        assertEquals(c, store.readCollection(p.hash()));
                        assertTrue(store.isCollectionComplete(p.hash()));
                    }
                }
                return null;
            }));
            jobs.add(pool.submit(() -> { // a download in pieces, tagged first so gc keeps the partial blob
                store.setTag("remote", remoteHash, BlobFormat.RAW);
                for (long start = 0; start < 3000; start += 160) {
                    ChunkRanges r = ChunkRanges.of(start, Math.min(start + 160, 2930));
                    java.io.ByteArrayOutputStream resp = new java.io.ByteArrayOutputStream();
                    source.serve(remoteHash, r, resp);
                    store.receive(remoteHash, r, new ByteArrayInputStream(resp.toByteArray()));
                }
                return null;
            }));
            Future<?> collector = pool.submit(() -> {
                while (!stop.get()) {
                    store.gc();
                    for (Map.Entry<String, Hash> t : tagged.entrySet()) {
                        assertTrue(store.has(t.getValue()), "tagged blob " + t.getKey() + " survived gc");
                    }
                }
                return null;
            });
            for (Future<?> f : jobs) {
                f.get();
            }
            stop.set(true);
            collector.get();
            pool.shutdown();
            assertTrue(store.has(remoteHash));
            assertArrayEquals(remote, store.read(remoteHash, 0, remote.length));
            store.gc();
            for (Map.Entry<String, Hash> t : tagged.entrySet()) {
                byte[] data = contents.get(t.getValue());
                assertArrayEquals(data, store.read(t.getValue(), 0, data.length));
            }
            assertEquals(tagged.values().stream().distinct().count() + 1, store.list().size(),
                    "exactly the tagged blobs remain, each once");
            assertTrue(store.validate().isClean());
        }
    }
}
