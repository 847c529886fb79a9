package io.objsync.bao;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.internal.Limits;
import io.objsync.spi.Backend;
import io.objsync.testing.BackendsUnderTest;
import io.objsync.testing.HeapLimitBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboardTest {

    static final int[] SIZES = {0, 1, 1023, 1024, 1025, 2047, 2048, 2049, 16383, 16384, 16385, 32768, 49153,
            100_000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 16384, 3 * (1 << 20) + 12345};

    static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** An input stream that hands out at most a few bytes per read, as sockets and pipes may. */
    static InputStream trickle(byte[] data, long seed) {
        Random rnd = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(5000)));
            }
        };
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void matchesTheNaiveModel(Backend backend) {
        for (int size : SIZES) {
            byte[] data = random(size, size);
            Hash hash = Blake3.hash(data);
            for (int blockLog = 0; blockLog <= 5; blockLog++) {
                if (size > (1 << 20) + 16384 && blockLog != 4) {
                    continue; // the model re-hashes every level: keep it quick
                }
                Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
                String what = "size " + size + " blockLog " + blockLog;
                assertEquals(hash, ob.root(), what);
                assertEquals(size, ob.size());
                assertEquals(blockLog, ob.blockLog());
                assertEquals(Outboard.sizeOf(size, blockLog), ob.bytes().remaining(), what);
                assertArrayEquals(BaoReference.outboard(data, blockLog), ob.toByteArray(), what);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everySourcePieceSizeAndThreadCountGivesTheSameOutboard(Backend backend, @TempDir Path dir)
            throws IOException {
        int[] sizes = {0, 1, 1025, 16384, 16385, 65536 * 3 + 1, (1 << 20) + 1, 5 * (1 << 20) + 777};
        for (int size : sizes) {
            byte[] data = random(size, 7 * size);
            Path file = dir.resolve("blob-" + size);
            Files.write(file, data);
            boolean big = size > (1 << 20) + 1;
            for (int blockLog : big ? new int[] {4} : new int[] {0, 2, 4}) {
                Outboard expected = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
                String what = "size " + size + " blockLog " + blockLog;
                for (int pieceBytes : big ? new int[] {0, 65536} : new int[] {0, 1024, 16384, 65536}) {
                    for (int threads : new int[] {1, 3}) {
                        Outboard.Builder b = Outboard.builder().blockLog(blockLog).threads(threads).backend(backend);
                        if (pieceBytes > 0) {
                            b.pieceBytes(pieceBytes);
                        }
                        String how = what + " piece " + pieceBytes + " threads " + threads;
                        assertEquals(expected, b.compute(data), how + " byte[]");
                        ByteBuffer heap = ByteBuffer.allocate(size + 10).position(7);
                        heap.put(data).position(7).limit(7 + size);
                        assertEquals(expected, b.compute(heap), how + " heap buffer");
                        assertEquals(7, heap.position(), "position unchanged");
                        assertEquals(expected, b.compute(heap.asReadOnlyBuffer()), how + " read-only buffer");
                        ByteBuffer direct = ByteBuffer.allocateDirect(size).put(data).flip();
                        assertEquals(expected, b.compute(direct), how + " direct buffer");
                        assertEquals(expected, b.compute(file), how + " file");
                        assertEquals(expected, b.compute(trickle(data, size)), how + " stream");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void sameAsThePureJavaBackend(Backend backend) {
        Backend java = BackendsUnderTest.java();
        Random rnd = new Random(11);
        for (int i = 0; i < 60; i++) {
            int size = i < 20 ? i * 1023 : rnd.nextInt(3 << 20);
            int blockLog = rnd.nextInt(7);
            byte[] data = random(size, i);
            assertEquals(Outboard.builder().blockLog(blockLog).backend(java).compute(data),
                    Outboard.builder().blockLog(blockLog).backend(backend).compute(data),
                    "size " + size + " blockLog " + blockLog);
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void heapCallsStayWithinTheLimit(Backend backend) throws IOException {
        byte[] data = random(5 * (1 << 20) + 3, 3);
        for (int blockLog : new int[] {0, 4, 11}) {
            HeapLimitBackend probe = new HeapLimitBackend(backend);
            Outboard ob = Outboard.builder().blockLog(blockLog).threads(2).backend(probe.backend).compute(data);
            assertEquals(Outboard.builder().blockLog(blockLog).backend(backend).compute(data), ob);
            BaoStreamTest.roundTrip(probe.backend, data, ob, ChunkRanges.all());
            assertTrue(probe.largestHeapInput.get() <= Limits.MAX_CRITICAL_BYTES,
                    "blockLog " + blockLog + ": " + probe.largestHeapInput.get() + " heap bytes in one call");
            if (blockLog <= 10) {
                // many groups per backend call: about one call per 1 MiB piece
                assertTrue(probe.outboardCalls.get() <= 6, probe.outboardCalls.get() + " outboard calls");
            }
        }
    }

    @Test
    void sizeAndWrapping() {
        assertEquals(0, Outboard.sizeOf(0, 4));
        assertEquals(0, Outboard.sizeOf(16384, 4));
        assertEquals(64, Outboard.sizeOf(16385, 4));
        assertEquals(128, Outboard.sizeOf(2049, 0));
        assertEquals(0, Outboard.sizeOf(1024, 0));
        assertEquals((1L << 40) / 16384 * 64 - 64, Outboard.sizeOf(1L << 40, 4));

        byte[] data = random(50_000, 1);
        Outboard ob = Outboard.compute(data);
        assertEquals(4, ob.blockLog());
        Outboard wrapped = Outboard.of(ob.root(), ob.size(), ob.blockLog(), ByteBuffer.wrap(ob.toByteArray()));
        assertEquals(ob, wrapped);
        assertThrows(IllegalArgumentException.class, () -> Outboard.of(ob.root(), 50_000, 4, ByteBuffer.allocate(64)));
        assertThrows(IllegalArgumentException.class, () -> Outboard.of(ob.root(), -1, 4, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class, () -> Outboard.builder().blockLog(17));
        assertThrows(IllegalArgumentException.class, () -> Outboard.builder().blockLog(-1));
        assertThrows(IllegalArgumentException.class, () -> Outboard.builder().threads(0));
        assertThrows(NullPointerException.class, () -> Outboard.compute((byte[]) null));
        assertThrows(UnsupportedOperationException.class, () -> ob.bytes().put(0, (byte) 1), "read-only view");
    }
}
