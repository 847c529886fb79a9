package io.objsync.hash;

import static io.objsync.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.spi.Backend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/** The official BLAKE3 vectors (hash, keyed_hash, derive_key; 131 bytes of output each) on every API path. */
class Blake3VectorsTest {

    private static final JsonNode VECTORS = TestVectors.load("blake3_test_vectors.json");
    private static final byte[] KEY = VECTORS.get("key").asText().getBytes(StandardCharsets.US_ASCII);
    private static final String CONTEXT = VECTORS.get("context_string").asText();

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void hashOneShot(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] input = Blake3Inputs.vectorInput(len);
            byte[] expected = hex(c.get("hash").asText());
            String what = "input_len " + len;
            assertArrayEquals(Arrays.copyOf(expected, 32), engine.hash(input).toBytes(), what);
            assertArrayEquals(expected, engine.xof(input, expected.length), what);
            byte[] padded = Blake3Inputs.concat(Blake3Inputs.concat(new byte[5], input), new byte[3]);
            assertArrayEquals(Arrays.copyOf(expected, 32), engine.hash(padded, 5, len).toBytes(), what);
            for (Function<byte[], ByteBuffer> kind : Blake3Inputs.bufferKinds()) {
                ByteBuffer buf = kind.apply(input);
                int limit = buf.limit();
                assertArrayEquals(Arrays.copyOf(expected, 32), engine.hash(buf).toBytes(), what);
                assertEquals(limit, buf.position(), "consumes the buffer");
                assertEquals(limit, buf.limit());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void keyedHashOneShot(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] input = Blake3Inputs.vectorInput(len);
            byte[] expected = Arrays.copyOf(hex(c.get("keyed_hash").asText()), 32);
            assertArrayEquals(expected, engine.keyedHash(KEY, input).toBytes(), "input_len " + len);
            for (Function<byte[], ByteBuffer> kind : Blake3Inputs.bufferKinds()) {
                assertArrayEquals(expected, engine.keyedHash(KEY, kind.apply(input)).toBytes(), "input_len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void deriveKeyOneShot(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] expected = hex(c.get("derive_key").asText());
            byte[] material = Blake3Inputs.vectorInput(len);
            assertArrayEquals(expected, engine.deriveKey(CONTEXT, material, expected.length), "input_len " + len);
            assertArrayEquals(Arrays.copyOf(expected, 32), engine.deriveKey(CONTEXT, material, 32));
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void streamingWithRandomSplitsAndSeeks(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        Random rnd = new Random(42);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] input = Blake3Inputs.vectorInput(len);
            checkStreaming(engine.newHasher(), input, hex(c.get("hash").asText()), rnd);
            checkStreaming(engine.newKeyedHasher(KEY), input, hex(c.get("keyed_hash").asText()), rnd);
            checkStreaming(engine.newDeriveKeyHasher(CONTEXT), input, hex(c.get("derive_key").asText()), rnd);
        }
    }

    private static void checkStreaming(Blake3Hasher hasher, byte[] input, byte[] expected, Random rnd) {
        try (hasher) {
            String what = "input_len " + input.length;
            Blake3Inputs.feedRandomly(hasher, input, rnd);
            assertArrayEquals(Arrays.copyOf(expected, 32), hasher.finalizeHash().toBytes(), what);
            assertArrayEquals(expected, hasher.finalizeXof(expected.length), what);
            for (int i = 0; i < 8; i++) {
                int seek = rnd.nextInt(expected.length);
                int n = rnd.nextInt(expected.length - seek + 1);
                byte[] out = new byte[n + 2];
                hasher.finalizeXof(seek, out, 1, n);
                assertArrayEquals(Arrays.copyOfRange(expected, seek, seek + n), Arrays.copyOfRange(out, 1, n + 1),
                        what + " seek " + seek + " len " + n);
                assertEquals(0, out[0], "writes only its range");
                assertEquals(0, out[n + 1], "writes only its range");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void forkAndReset(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] input = Blake3Inputs.vectorInput(len);
            byte[] expected = Arrays.copyOf(hex(c.get("keyed_hash").asText()), 32);
            int cut = len / 3;
            try (Blake3Hasher hasher = engine.newKeyedHasher(KEY)) {
                hasher.update(input, 0, cut);
                try (Blake3Hasher fork = hasher.fork()) {
                    hasher.update(new byte[] {1, 2, 3});
                    fork.update(input, cut, len - cut);
                    assertArrayEquals(expected, fork.finalizeHash().toBytes(), "fork of input_len " + len);
                }
                hasher.reset();
                hasher.update(input);
                assertArrayEquals(expected, hasher.finalizeHash().toBytes(), "reset, input_len " + len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void parallel(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        for (JsonNode c : VECTORS.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] input = Blake3Inputs.vectorInput(len);
            byte[] hash = Arrays.copyOf(hex(c.get("hash").asText()), 32);
            byte[] keyed = Arrays.copyOf(hex(c.get("keyed_hash").asText()), 32);
            for (int threads = 1; threads <= 4; threads++) {
                Blake3Parallel p = engine.parallel(threads).withMinPiece(1024);
                assertArrayEquals(hash, p.hash(input).toBytes(), threads + " threads, input_len " + len);
                assertArrayEquals(keyed, p.withKey(KEY).hash(input).toBytes(), threads + " threads, input_len " + len);
                for (Function<byte[], ByteBuffer> kind : Blake3Inputs.bufferKinds()) {
                    assertArrayEquals(hash, p.hash(kind.apply(input)).toBytes(), threads + " threads, " + len);
                }
            }
        }
    }
}
