package io.objsync.store.internal;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Records written and read by several threads while the collector runs all the time: the native copies of keys
 * and values must outlive the LMDB calls that read them (lmdbjava 0.9.1's own proxy frees them early).
 */
class MetaDbStressTest {

    @TempDir
    Path tmp;

    private static byte[] value(int i) {
        byte[] v = new byte[1 + (i * 7919) % 6000];
        new Random(i).nextBytes(v);
        return v;
    }

    private static Hash key(int i) {
        return Blake3.hash(ByteBuffer.allocate(4).putInt(0, i));
    }

    @Test
    void recordsSurviveConstantGarbageCollection() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread gc = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            }
        });
        gc.start();
        try (MetaDb db = MetaDb.open(tmp, 1L << 30)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int batch = 0; batch < 5; batch++) {
                        int base = (thread * 5 + batch) * 500;
                        db.write(tx -> {
                            for (int i = base; i < base + 500; i++) {
                                tx.putEntry(key(i), BlobEntry.inline(value(i)));
                            }
                            return null;
                        });
                        for (int i = base; i < base + 500; i++) {
                            assertArrayEquals(value(i), db.entry(key(i)).inlineData());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            pool.shutdown();
            assertEquals(10_000, (long) db.read(MetaDb.Tx::blobCount));
        } finally {
            stop.set(true);
            gc.join();
        }
    }
}
