package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.spi.Backend;
import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Random;

/** Multi-threaded hashing gives the single-threaded hash for sizes around every subtree boundary. */
class Blake3ParallelTest {

    private static final Blake3Engine REFERENCE = Blake3Engine.of(BackendsUnderTest.java());

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void smallPiecesAroundSubtreeBoundaries(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        Random rnd = new Random(3);
        byte[] key = Blake3Inputs.random(rnd, 32);
        byte[] data = Blake3Inputs.random(rnd, 200 * 1024);
        for (int threads = 1; threads <= 4; threads++) {
            Blake3Parallel p = engine.parallel(threads).withMinPiece(1024);
            Blake3Parallel keyed = p.withKey(key);
            for (int chunks : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
                    129, 199}) {
                for (int delta = -1; delta <= 1; delta++) {
                    int len = chunks * 1024 + delta;
                    String what = threads + " threads, " + len + " bytes";
                    assertEquals(REFERENCE.hash(data, 0, len), p.hash(data, 0, len), what);
                    assertEquals(REFERENCE.keyedHash(key, data, 0, len), keyed.hash(data, 0, len), what);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void defaultPiecesOnLargerInputs(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        Random rnd = new Random(4);
        byte[] data = Blake3Inputs.random(rnd, (5 << 20) + 1);
        int[] sizes = {128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1, 1 << 20, (1 << 20) + 1, (4 << 20) + 1,
                data.length};
        for (int threads = 2; threads <= 4; threads++) {
            Blake3Parallel p = engine.parallel(threads);
            for (int len : sizes) {
                Hash expected = REFERENCE.hash(data, 0, len);
                assertEquals(expected, p.hash(data, 0, len), threads + " threads, " + len + " bytes");
                ByteBuffer direct = ByteBuffer.allocateDirect(len).put(data, 0, len).flip();
                assertEquals(expected, p.hash(direct), "direct, " + len + " bytes");
                assertEquals(len, direct.position(), "consumes the buffer");
            }
        }
    }

    @Test
    void rejectsFewerThanOneThread() {
        Blake3Engine engine = Blake3Engine.of(BackendsUnderTest.java());
        assertThrows(IllegalArgumentException.class, () -> engine.parallel(0));
        assertThrows(IllegalArgumentException.class, () -> engine.parallel(-3));
        assertEquals(3, engine.parallel(3).threads());
        assertEquals(3, engine.parallel(3).withKey(new byte[32]).threads());
    }
}
