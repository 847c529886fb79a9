package io.objsync.bao;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.spi.Backend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** oconnor663/bao's official vectors: classic bao (groups of one chunk) hash, encode, outboard, seek and slice. */
class BaoVectorsTest {

    private static final String FILE = "bao_test_vectors.json";

    /** The vectors' input: a 4-byte little-endian counter starting at 1, cut to {@code len}. */
    static byte[] input(int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            int counter = i / 4 + 1;
            out[i] = (byte) (counter >>> (8 * (i % 4)));
        }
        return out;
    }

    private static Hash corrupt(Hash h) {
        byte[] b = h.toBytes();
        b[0] ^= 1;
        return Hash.of(b);
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 1;
        return c;
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void hash(Backend backend) {
        for (JsonNode c : TestVectors.load(FILE).get("hash")) {
            byte[] in = input(c.get("input_len").asInt());
            Hash expected = Hash.fromHex(c.get("bao_hash").asText());
            for (int blockLog = 0; blockLog <= 4; blockLog++) {
                assertEquals(expected, Outboard.builder().blockLog(blockLog).backend(backend).compute(in).root(),
                        "len " + in.length + " blockLog " + blockLog);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void encode(Backend backend) throws IOException {
        for (JsonNode c : TestVectors.load(FILE).get("encode")) {
            byte[] in = input(c.get("input_len").asInt());
            Hash root = Hash.fromHex(c.get("bao_hash").asText());
            byte[] encoded = ClassicBao.encode(backend, in);
            assertEquals(c.get("output_len").asInt(), encoded.length);
            assertEquals(c.get("encoded_blake3").asText(), Blake3.hash(encoded).toHex());

            ByteArrayOutputStream fromStore = new ByteArrayOutputStream();
            ClassicBao.encode(BaoData.of(in), Outboard.builder().blockLog(0).compute(in), fromStore);
            assertArrayEquals(encoded, fromStore.toByteArray());

            assertArrayEquals(in, ClassicBao.decode(backend, encoded, root));
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            ClassicBao.decode(backend, new ByteArrayInputStream(encoded), root, streamed);
            assertArrayEquals(in, streamed.toByteArray());

            assertThrows(BaoVerificationException.class, () -> ClassicBao.decode(backend, encoded, corrupt(root)));
            for (JsonNode point : c.get("corruptions")) {
                byte[] bad = flip(encoded, point.asInt());
                assertThrows(BaoException.class, () -> ClassicBao.decode(backend, bad, root),
                        "len " + in.length + " corruption at " + point.asInt());
                assertThrows(BaoException.class, () -> ClassicBao.decode(backend, new ByteArrayInputStream(bad),
                        root, new ByteArrayOutputStream()), "streamed, corruption at " + point.asInt());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void outboard(Backend backend) throws BaoException {
        for (JsonNode c : TestVectors.load(FILE).get("outboard")) {
            byte[] in = input(c.get("input_len").asInt());
            Hash root = Hash.fromHex(c.get("bao_hash").asText());
            byte[] outboard = ClassicBao.outboard(backend, in);
            assertEquals(c.get("output_len").asInt(), outboard.length);
            assertEquals(c.get("encoded_blake3").asText(), Blake3.hash(outboard).toHex());

            assertArrayEquals(in, ClassicBao.decodeOutboard(backend, in, outboard, root));
            assertThrows(BaoVerificationException.class,
                    () -> ClassicBao.decodeOutboard(backend, in, outboard, corrupt(root)));
            for (JsonNode point : c.get("outboard_corruptions")) {
                byte[] bad = flip(outboard, point.asInt());
                assertThrows(BaoException.class, () -> ClassicBao.decodeOutboard(backend, in, bad, root),
                        "len " + in.length + " outboard corruption at " + point.asInt());
            }
            for (JsonNode point : c.get("input_corruptions")) {
                byte[] bad = flip(in, point.asInt());
                assertThrows(BaoVerificationException.class,
                        () -> ClassicBao.decodeOutboard(backend, bad, outboard, root),
                        "len " + in.length + " input corruption at " + point.asInt());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void seek(Backend backend) throws BaoException {
        for (JsonNode c : TestVectors.load(FILE).get("seek")) {
            int len = c.get("input_len").asInt();
            byte[] in = input(len);
            Hash root = Outboard.builder().blockLog(0).backend(backend).compute(in).root();
            for (JsonNode s : c.get("seek_offsets")) {
                int seek = s.asInt();
                int from = Math.min(seek, len);
                byte[] expected = java.util.Arrays.copyOfRange(in, from, len);
                // Seeking = a slice from the offset to the end.
                byte[] slice = ClassicBao.slice(backend, in, seek, len - from);
                assertArrayEquals(expected, ClassicBao.decodeSlice(backend, slice, root, seek, len - from),
                        "len " + len + " seek " + seek);
                byte[] longSlice = ClassicBao.slice(backend, in, seek, Long.MAX_VALUE);
                assertArrayEquals(expected, ClassicBao.decodeSlice(backend, longSlice, root, seek, Long.MAX_VALUE));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void slice(Backend backend) throws IOException {
        for (JsonNode c : TestVectors.load(FILE).get("slice")) {
            int len = c.get("input_len").asInt();
            byte[] in = input(len);
            Hash root = Hash.fromHex(c.get("bao_hash").asText());
            Outboard ob = Outboard.builder().blockLog(0).backend(backend).compute(in);
            for (JsonNode s : c.get("slices")) {
                long start = s.get("start").asLong();
                long sliceLen = s.get("len").asLong();
                String what = "len " + len + " slice " + start + "+" + sliceLen;
                byte[] slice = ClassicBao.slice(backend, in, start, sliceLen);
                assertEquals(s.get("output_len").asInt(), slice.length, what);
                assertEquals(s.get("output_blake3").asText(), Blake3.hash(slice).toHex(), what);

                ByteArrayOutputStream fromStore = new ByteArrayOutputStream();
                ClassicBao.slice(backend, BaoData.of(in), ob, start, sliceLen, fromStore::write);
                assertArrayEquals(slice, fromStore.toByteArray(), what);

                int from = (int) Math.min(start, len);
                int to = (int) Math.min(len, from + sliceLen);
                assertArrayEquals(java.util.Arrays.copyOfRange(in, from, to),
                        ClassicBao.decodeSlice(backend, slice, root, start, sliceLen), what);
                assertThrows(BaoVerificationException.class,
                        () -> ClassicBao.decodeSlice(backend, slice, corrupt(root), start, sliceLen), what);
                for (JsonNode point : s.get("corruptions")) {
                    byte[] bad = flip(slice, point.asInt());
                    assertThrows(BaoException.class, () -> ClassicBao.decodeSlice(backend, bad, root, start, sliceLen),
                            what + " corruption at " + point.asInt());
                }
            }
        }
    }
}
