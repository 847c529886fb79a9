package io.objsync.bao;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkRangesTest {

    /** Universe for the model: boundaries stay below N, so membership at N stands for everything after. */
    private static final int N = 96;

    /** A set as a bit per chunk 0..N (bit N = every chunk from N on). */
    private static BitSet model(ChunkRanges r) {
        BitSet bits = new BitSet(N + 1);
        for (int i = 0; i <= N; i++) {
            if (r.contains(i)) {
                bits.set(i);
            }
        }
        return bits;
    }

    /** Builds the set from its model independently of the class's algebra: a toggle wherever membership changes. */
    private static ChunkRanges fromModel(BitSet bits) {
        long[] b = new long[N + 2];
        int n = 0;
        boolean in = false;
        for (int i = 0; i <= N; i++) {
            if (bits.get(i) != in) {
                b[n++] = i;
                in = !in;
            }
        }
        return ChunkRanges.fromBoundaries(Arrays.copyOf(b, n));
    }

    private static ChunkRanges random(Random rnd) {
        TreeSet<Long> points = new TreeSet<>();
        int count = rnd.nextInt(8);
        for (int i = 0; i < count; i++) {
            points.add((long) rnd.nextInt(N));
        }
        return ChunkRanges.fromBoundaries(points.stream().mapToLong(Long::longValue).toArray());
    }

    @Test
    void algebraMatchesBitSetModel() {
        Random rnd = new Random(1);
        for (int iter = 0; iter < 3000; iter++) {
            ChunkRanges a = random(rnd);
            ChunkRanges b = random(rnd);
            BitSet ma = model(a);
            BitSet mb = model(b);

            BitSet union = (BitSet) ma.clone();
            union.or(mb);
            BitSet inter = (BitSet) ma.clone();
            inter.and(mb);
            BitSet diff = (BitSet) ma.clone();
            diff.andNot(mb);

            assertEquals(fromModel(union), a.union(b), () -> a + " | " + b);
            assertEquals(fromModel(inter), a.intersection(b), () -> a + " & " + b);
            assertEquals(fromModel(diff), a.difference(b), () -> a + " - " + b);
            assertEquals(!inter.isEmpty(), a.intersects(b));
            assertEquals(ma.isEmpty(), a.isEmpty());
            assertEquals(ma.cardinality() == N + 1, a.isAll());
            assertEquals(ma.get(N), a.isUnbounded());
            // Results are canonical: equal sets have equal toggle lists.
            assertEquals(a, fromModel(ma));
            assertEquals(a.hashCode(), fromModel(ma).hashCode());
        }
    }

    @Test
    void rangeQueriesMatchModel() {
        Random rnd = new Random(2);
        for (int iter = 0; iter < 2000; iter++) {
            ChunkRanges a = random(rnd);
            BitSet m = model(a);
            int s = rnd.nextInt(N);
            int e = s + 1 + rnd.nextInt(N - s);
            BitSet window = m.get(s, e);
            assertEquals(!window.isEmpty(), a.intersects(s, e), () -> a + " intersects [" + s + "," + e + ")");
            assertEquals(window.cardinality() == e - s, a.covers(s, e), () -> a + " covers [" + s + "," + e + ")");
        }
    }

    @Test
    void truncationSelectsTheLastChunkForAnythingPastIt() {
        Random rnd = new Random(3);
        for (int iter = 0; iter < 2000; iter++) {
            ChunkRanges a = random(rnd);
            BitSet m = model(a);
            int chunks = 1 + rnd.nextInt(N - 1);
            int last = chunks - 1;
            BitSet expected = m.get(0, last);
            if (m.nextSetBit(last) >= 0) {
                expected.set(last, N + 1);
            }
            assertEquals(fromModel(expected), a.truncateTo(chunks), () -> a + " truncated to " + chunks);
        }
        assertEquals(ChunkRanges.from(6), ChunkRanges.lastChunk().truncateTo(7));
        assertEquals(ChunkRanges.all(), ChunkRanges.lastChunk().truncateTo(1));
        assertEquals(ChunkRanges.fromBoundaries(0, 5, 6), ChunkRanges.fromBoundaries(0, 5, 7, 10).truncateTo(7));
        assertEquals(ChunkRanges.all(), ChunkRanges.fromBoundaries(0, 6, 7, 10).truncateTo(7));
        assertEquals(ChunkRanges.of(0, 6), ChunkRanges.of(0, 6).truncateTo(7));
    }

    @Test
    void factories() {
        assertEquals(ChunkRanges.of(0, 1), ChunkRanges.fromByteRange(0, 1));
        assertEquals(ChunkRanges.of(0, 1), ChunkRanges.fromByteRange(0, 1024));
        assertEquals(ChunkRanges.of(0, 2), ChunkRanges.fromByteRange(1023, 1025));
        assertEquals(ChunkRanges.of(1, 2), ChunkRanges.fromByteRange(1024, 2048));
        assertEquals(ChunkRanges.empty(), ChunkRanges.fromByteRange(5000, 5000));
        assertEquals(ChunkRanges.of(0, 1L << 53), ChunkRanges.fromByteRange(0, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> ChunkRanges.fromByteRange(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> ChunkRanges.fromByteRange(6, 5));
        assertThrows(IllegalArgumentException.class, () -> ChunkRanges.of(6, 5));
        assertThrows(IllegalArgumentException.class, () -> ChunkRanges.fromBoundaries(3, 3));
        assertEquals(ChunkRanges.empty(), ChunkRanges.of(4, 4));
        assertEquals(ChunkRanges.all(), ChunkRanges.from(0));
        assertTrue(ChunkRanges.chunk(-1L).contains(-1L));
        assertFalse(ChunkRanges.lastChunk().contains(Long.MAX_VALUE));
        assertTrue(ChunkRanges.of(Long.MAX_VALUE, -1L).contains(Long.MIN_VALUE), "unsigned order");
        assertEquals("{2..7, 10..}", ChunkRanges.fromBoundaries(2, 7, 10).toString());
        assertEquals("{18446744073709551615..}", ChunkRanges.lastChunk().toString());
    }

    // ---- RangeSpec ----------------------------------------------------------------------------------

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static ChunkRanges decodeSpec(String hex) throws BaoException {
        ByteBuffer in = ByteBuffer.wrap(hex(hex));
        ChunkRanges r = ChunkRanges.decodeRangeSpec(in);
        assertFalse(in.hasRemaining(), "decoder must consume exactly the RangeSpec");
        return r;
    }

    @Test
    void rangeSpecReferenceVectors() throws BaoException {
        // From iroh-blobs' range_spec wire-format tests.
        assertArrayEquals(hex("00"), ChunkRanges.empty().encodeRangeSpec());
        assertArrayEquals(hex("01 00"), ChunkRanges.all().encodeRangeSpec());
        assertArrayEquals(hex("01 40"), ChunkRanges.from(64).encodeRangeSpec());
        assertArrayEquals(hex("01 904E"), ChunkRanges.from(10000).encodeRangeSpec());
        assertArrayEquals(hex("02 00 40"), ChunkRanges.of(0, 64).encodeRangeSpec());
        assertArrayEquals(hex("04 01 02 06 04"), ChunkRanges.of(1, 3).union(ChunkRanges.of(9, 13)).encodeRangeSpec());
        // The wire reference's example: [2,5,3,1] = chunks 2..7 and 10..11.
        assertEquals(ChunkRanges.of(2, 7).union(ChunkRanges.of(10, 11)), decodeSpec("04 02 05 03 01"));
        assertEquals(ChunkRanges.all(), decodeSpec("01 00"));
        assertEquals(ChunkRanges.empty(), decodeSpec("00"));
        // [u64::MAX] = the last chunk only.
        assertArrayEquals(hex("01 FFFFFFFFFFFFFFFFFF01"), ChunkRanges.lastChunk().encodeRangeSpec());
        assertEquals(ChunkRanges.lastChunk(), decodeSpec("01 FFFFFFFFFFFFFFFFFF01"));
        // Zero-width runs are merged away.
        assertEquals(ChunkRanges.from(5), decodeSpec("03 02 00 03"));
        assertEquals(ChunkRanges.of(1, 4), decodeSpec("04 01 02 00 01"));
    }

    @Test
    void rangeSpecRejectsMalformedInput() {
        assertThrows(BaoException.class, () -> decodeSpec("02 FFFFFFFFFFFFFFFFFF01 01"), "widths overflow");
        assertThrows(BaoException.class, () -> decodeSpec("02 01"), "ends early");
        assertThrows(BaoException.class, () -> decodeSpec(""), "no count");
        assertThrows(BaoException.class, () -> decodeSpec("01 FFFFFFFFFFFFFFFFFF02"), "varint past 64 bits");
        assertThrows(BaoException.class, () -> decodeSpec("01 FFFFFFFFFFFFFFFFFFFF01"), "varint too long");
        assertThrows(BaoException.class, () -> decodeSpec("FFFFFFFF0F 00"), "absurd count");
    }

    @Test
    void rangeSpecRoundTrips() throws BaoException {
        Random rnd = new Random(4);
        for (int iter = 0; iter < 2000; iter++) {
            TreeSet<Long> points = new TreeSet<>();
            int count = rnd.nextInt(10);
            for (int i = 0; i < count; i++) {
                points.add(rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(100_000));
            }
            // unsigned order for the toggle list
            long[] b = points.stream().mapToLong(Long::longValue)
                    .boxed().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
            ChunkRanges r = ChunkRanges.fromBoundaries(b);
            ByteBuffer in = ByteBuffer.wrap(r.encodeRangeSpec());
            assertEquals(r, ChunkRanges.decodeRangeSpec(in));
            assertFalse(in.hasRemaining());
        }
    }
}
