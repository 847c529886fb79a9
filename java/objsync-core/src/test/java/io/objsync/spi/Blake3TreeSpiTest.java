package io.objsync.spi;

import static io.objsync.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.internal.java.JavaBlake3;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * The backend's tree operations (subtree chaining values, BAO outboards) against an independent composition
 * of the tree from single chunks and parents, built here from the specification's split rule, and against
 * the official BLAKE3 and bao vectors.
 */
class Blake3TreeSpiTest {

    private static final JsonNode BLAKE3 = TestVectors.load("blake3_test_vectors.json");
    private static final JsonNode BAO = TestVectors.load("bao_test_vectors.json");

    /** Bytes in the left subtree: the largest power-of-two number of chunks leaving a byte on the right. */
    private static int leftLen(int len) {
        int chunks = 1;
        while (2L * chunks * 1024 < len) {
            chunks *= 2;
        }
        return chunks * 1024;
    }

    private static byte[] subtreeCv(Backend b, byte[] key, int flags, byte[] in, int off, int len, long counter,
                                    boolean root) {
        byte[] cv = new byte[32];
        b.blake3SubtreeCv(key, flags, ByteBuffer.wrap(in, off, len), counter, root, cv);
        return cv;
    }

    /** The chaining value composed from chunk chaining values and parents. */
    private static byte[] composedCv(Backend b, byte[] key, int flags, byte[] in, int off, int len, long counter,
                                     boolean root) {
        if (len <= 1024) {
            return subtreeCv(b, key, flags, in, off, len, counter, root);
        }
        int left = leftLen(len);
        byte[] l = composedCv(b, key, flags, in, off, left, counter, false);
        byte[] r = composedCv(b, key, flags, in, off + left, len - left, counter + left / 1024, false);
        byte[] out = new byte[32];
        JavaBlake3.parentCv(key, flags, l, r, root, out);
        return out;
    }

    private static byte[] vectorInput(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void composedTreeGivesTheOfficialHashes(Backend b) {
        byte[] key = BLAKE3.get("key").asText().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (JsonNode c : BLAKE3.get("cases")) {
            int len = c.get("input_len").asInt();
            byte[] in = vectorInput(len);
            byte[] hash = hex(c.get("hash").asText());
            byte[] keyed = hex(c.get("keyed_hash").asText());
            String what = "input_len " + len;
            assertArrayEquals(Arrays.copyOf(hash, 32), composedCv(b, null, 0, in, 0, len, 0, true), what);
            assertArrayEquals(Arrays.copyOf(keyed, 32),
                    composedCv(b, key, Blake3Flags.KEYED_HASH, in, 0, len, 0, true), what);
            assertArrayEquals(Arrays.copyOf(hash, 32), subtreeCv(b, null, 0, in, 0, len, 0, true), what);
            if (len > 1024) {
                int left = leftLen(len);
                byte[] l = composedCv(b, null, 0, in, 0, left, 0, false);
                byte[] r = composedCv(b, null, 0, in, left, len - left, left / 1024, false);
                byte[] xof = new byte[hash.length];
                JavaBlake3.rootXofFromParent(null, 0, l, r, 0, xof, 0, xof.length);
                assertArrayEquals(hash, xof, what);
                byte[] tail = new byte[hash.length - 70];
                JavaBlake3.rootXofFromParent(null, 0, l, r, 70, tail, 0, tail.length);
                assertArrayEquals(Arrays.copyOfRange(hash, 70, hash.length), tail, what + " from byte 70");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void subtreeCvEqualsComposition(Backend b) {
        Random rnd = new Random(5);
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        for (int i = 0; i < 40; i++) {
            int len = 1 + (i < 10 ? rnd.nextInt(3000) : rnd.nextInt(200_000));
            byte[] in = new byte[len + 20];
            rnd.nextBytes(in);
            long span = Long.highestOneBit((len + 1023) / 1024 * 2 - 1); // chunks rounded up to a power of two
            for (long counter : new long[] {0, span, 5 * span, span * ((1L << 34) / span + 3)}) {
                String what = len + " bytes at chunk " + counter;
                assertArrayEquals(composedCv(b, null, 0, in, 10, len, counter, false),
                        subtreeCv(b, null, 0, in, 10, len, counter, false), what);
                assertArrayEquals(composedCv(b, key, Blake3Flags.KEYED_HASH, in, 10, len, counter, false),
                        subtreeCv(b, key, Blake3Flags.KEYED_HASH, in, 10, len, counter, false), what);
            }
            assertArrayEquals(composedCv(b, null, 0, in, 10, len, 0, true), subtreeCv(b, null, 0, in, 10, len, 0, true));
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void subtreeCvReadsDirectBuffersWithoutMovingThem(Backend b) {
        byte[] data = vectorInput(5000);
        ByteBuffer direct = ByteBuffer.allocateDirect(5100);
        direct.position(50);
        direct.put(data);
        direct.flip().position(50);
        byte[] cv = new byte[32];
        b.blake3SubtreeCv(null, 0, direct, 8, false, cv);
        assertArrayEquals(composedCv(b, null, 0, data, 0, data.length, 8, false), cv);
        assertEquals(50, direct.position());
        assertEquals(5050, direct.limit());
    }

    /** The pre-order outboard composed independently: node pair, then the left and right subtrees' outboards. */
    private static byte[][] composedOutboard(Backend b, byte[] in, int off, int len, long counter, int groupBytes,
                                             boolean root) {
        if (len <= groupBytes) {
            return new byte[][] {composedCv(b, null, 0, in, off, len, counter, root), new byte[0]};
        }
        int left = leftLen(len);
        byte[][] l = composedOutboard(b, in, off, left, counter, groupBytes, false);
        byte[][] r = composedOutboard(b, in, off + left, len - left, counter + left / 1024, groupBytes, false);
        byte[] cv = new byte[32];
        JavaBlake3.parentCv(null, 0, l[0], r[0], root, cv);
        ByteBuffer ob = ByteBuffer.allocate(64 + l[1].length + r[1].length);
        ob.put(l[0]).put(r[0]).put(l[1]).put(r[1]);
        return new byte[][] {cv, ob.array()};
    }

    private static byte[][] outboard(Backend b, byte[] in, int off, int len, long counter, int blockLog, boolean root,
                                     boolean direct, int expectedSize) {
        ByteBuffer src = direct ? ByteBuffer.allocateDirect(len + off) : ByteBuffer.allocate(len + off);
        src.put(in, 0, len + off).flip().position(off);
        ByteBuffer ob = direct ? ByteBuffer.allocateDirect(expectedSize + 9) : ByteBuffer.allocate(expectedSize + 9);
        ob.position(4).limit(4 + expectedSize);
        byte[] cv = new byte[32];
        b.baoOutboard(src, counter, blockLog, root, ob, cv);
        assertEquals(off, src.position(), "input position unchanged");
        assertEquals(4, ob.position(), "outboard position unchanged");
        byte[] out = new byte[expectedSize];
        ob.get(4, out);
        return new byte[][] {cv, out};
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void classicBaoOutboardVectors(Backend b) {
        for (JsonNode c : BAO.get("outboard")) {
            int len = c.get("input_len").asInt();
            byte[] in = new byte[len];
            for (int i = 0; i < len; i++) {
                in[i] = (byte) ((i / 4 + 1) >>> (8 * (i % 4)));
            }
            int size = c.get("output_len").asInt() - 8;
            assertEquals(size, JavaBlake3.outboardSize(len, 0));
            for (boolean direct : new boolean[] {false, true}) {
                byte[][] r = outboard(b, in, 0, len, 0, 0, true, direct, size);
                String what = "input_len " + len + (direct ? " direct" : " heap");
                assertEquals(c.get("bao_hash").asText(), hex(r[0]), what);
                ByteBuffer encoded = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
                encoded.putLong(len).put(r[1]);
                byte[] digest = new byte[32];
                b.blake3(null, 0, encoded.array(), 0, encoded.capacity(), digest, 0, 32);
                assertEquals(c.get("encoded_blake3").asText(), hex(digest), what);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void groupedOutboardsEqualComposition(Backend b) {
        Random rnd = new Random(9);
        byte[] data = new byte[300_000 + 7];
        rnd.nextBytes(data);
        for (int blockLog : new int[] {0, 2, 4}) {
            int group = 1024 << blockLog;
            for (int len : new int[] {0, 1, group - 1, group, group + 1, 2 * group, 2 * group + 1, 7 * group + 5,
                    100_000, 300_000}) {
                int size = (int) ((Math.max(1, ((long) len + group - 1) / group) - 1) * 64);
                assertEquals(size, JavaBlake3.outboardSize(len, blockLog));
                byte[][] expected = composedOutboard(b, data, 7, len, 0, group, true);
                byte[][] actual = outboard(b, data, 7, len, 0, blockLog, true, len % 2 == 0, size);
                String what = "blockLog " + blockLog + ", " + len + " bytes";
                assertArrayEquals(expected[0], actual[0], what);
                assertArrayEquals(expected[1], actual[1], what);
                byte[] hash = new byte[32];
                b.blake3(null, 0, data, 7, len, hash, 0, 32);
                assertArrayEquals(hash, actual[0], what + " root is the hash");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void rightSubtreeOutboardIsTheTailOfTheWholeOutboard(Backend b) {
        Random rnd = new Random(10);
        for (int blockLog : new int[] {0, 4}) {
            int group = 1024 << blockLog;
            for (int i = 0; i < 6; i++) {
                int len = 2 * group + 1 + rnd.nextInt(20 * group);
                byte[] data = new byte[len];
                rnd.nextBytes(data);
                int whole = (int) JavaBlake3.outboardSize(len, blockLog);
                byte[][] all = outboard(b, data, 0, len, 0, blockLog, true, false, whole);
                int left = leftLen(len);
                int rightSize = (int) JavaBlake3.outboardSize(len - left, blockLog);
                byte[] rest = Arrays.copyOfRange(data, left, len);
                byte[][] right = outboard(b, rest, 0, rest.length, left / 1024, blockLog, false, true, rightSize);
                String what = "blockLog " + blockLog + ", " + len + " bytes";
                assertArrayEquals(Arrays.copyOfRange(all[1], 32, 64), right[0], what + ": right CV in the root pair");
                assertArrayEquals(Arrays.copyOfRange(all[1], whole - rightSize, whole), right[1], what);
            }
        }
    }
}
