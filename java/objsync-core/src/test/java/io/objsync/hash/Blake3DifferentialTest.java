package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.objsync.internal.Limits;
import io.objsync.spi.Backend;
import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random inputs from 0 bytes to 8 MiB on every API path of each backend, against the pure-Java backend's
 * one-shot hash. Sizes sit on the block, chunk, subtree and slice ({@link Limits#MAX_CRITICAL_BYTES})
 * boundaries, plus random ones; big inputs get fewer paths to keep the run short.
 */
class Blake3DifferentialTest {

    private static final Blake3Engine REFERENCE = Blake3Engine.of(BackendsUnderTest.java());
    private static final int MIB = 1 << 20;

    private static List<Integer> sizes(Random rnd) {
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 2, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025,
                2047, 2048, 2049, 3071, 3073, 4095, 4096, 4097, 16383, 16384, 16385, 65535, 65536, 65537,
                MIB - 1, MIB, MIB + 1, 2 * MIB + 1023, 3 * MIB + 7, 8 * MIB));
        for (int i = 0; i < 12; i++) {
            sizes.add(rnd.nextInt(300_000));
        }
        return sizes;
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyPathAgreesWithTheJavaBackend(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        Random rnd = new Random(0xB1A4E3L);
        byte[] key = Blake3Inputs.random(rnd, 32);
        for (int size : sizes(rnd)) {
            byte[] input = Blake3Inputs.random(rnd, size);
            String what = "size " + size;
            Hash expected = REFERENCE.hash(input);
            Hash expectedKeyed = REFERENCE.keyedHash(key, input);
            boolean big = size > 2 * MIB;

            assertEquals(expected, engine.hash(input), what);
            assertEquals(expectedKeyed, engine.keyedHash(key, input), what);
            try (Blake3Hasher h = engine.newHasher()) {
                Blake3Inputs.feedRandomly(h, input, rnd);
                assertEquals(expected, h.finalizeHash(), what + " streamed");
            }
            assertEquals(expected, engine.parallel(1 + rnd.nextInt(4)).withMinPiece(1024).hash(input), what);
            if (!big) {
                for (Function<byte[], ByteBuffer> kind : Blake3Inputs.bufferKinds()) {
                    assertEquals(expected, engine.hash(kind.apply(input)), what);
                }
                try (Blake3Hasher h = engine.newKeyedHasher(key)) {
                    Blake3Inputs.feedRandomly(h, input, rnd);
                    assertEquals(expectedKeyed, h.finalizeHash(), what + " keyed, streamed");
                }
            } else {
                ByteBuffer direct = ByteBuffer.allocateDirect(size).put(input).flip();
                assertEquals(expected, engine.hash(direct), what + " direct");
                assertEquals(expected, engine.hash(ByteBuffer.wrap(input).asReadOnlyBuffer()), what + " read-only");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void extendedOutputIsOneStreamWhateverTheSeek(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        Random rnd = new Random(7);
        for (int size : new int[] {0, 1, 1024, 5000, 70_000}) {
            byte[] input = Blake3Inputs.random(rnd, size);
            // Longer than one slice, so the one-shot reads it in several backend calls.
            byte[] xof = engine.xof(input, Limits.MAX_CRITICAL_BYTES + 3000);
            assertEquals(REFERENCE.hash(input), Hash.of(Arrays.copyOf(xof, 32)));
            try (Blake3Hasher h = engine.newHasher().update(input)) {
                for (int i = 0; i < 20; i++) {
                    int seek = rnd.nextInt(xof.length - 200);
                    int n = rnd.nextInt(200);
                    byte[] out = new byte[n];
                    h.finalizeXof(seek, out, 0, n);
                    assertArrayEquals(Arrays.copyOfRange(xof, seek, seek + n), out, "seek " + seek);
                }
                // Far seeks: counters above 32 bits must behave like the near ones.
                long far = (1L << 45) + 61;
                byte[] a = new byte[300];
                h.finalizeXof(far, a, 0, a.length);
                byte[] b = new byte[290];
                h.finalizeXof(far + 10, b, 0, b.length);
                assertArrayEquals(Arrays.copyOfRange(a, 10, 300), b);
                try (Blake3Hasher java = REFERENCE.newHasher().update(input)) {
                    byte[] ref = new byte[300];
                    java.finalizeXof(far, ref, 0, ref.length);
                    assertArrayEquals(ref, a);
                }
            }
        }
    }
}
