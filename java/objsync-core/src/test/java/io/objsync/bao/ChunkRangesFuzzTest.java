package io.objsync.bao;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the range specs of blob requests: iroh-blobs' {@code RangeSpec} ({@link ChunkRanges}) and
 * {@code ChunkRangesSeq}, which a provider decodes from every Get and GetMany.
 *
 * <p>Properties: only {@link BaoException} escapes; decoding never allocates more than 8 bytes per input byte
 * (a count is checked against the bytes left before an array is sized); {@code encode(decode(x))} is the
 * canonical form: it decodes to an equal value, encodes to itself and is never longer than {@code x}; the set
 * operations agree with membership at every boundary.
 */
class ChunkRangesFuzzTest {

    @FuzzTest
    void rangeSpecs(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        ChunkRanges a;
        ChunkRanges b;
        try {
            a = canonical(in);
            b = canonical(in);
        } catch (BaoException e) {
            return;
        }
        TreeSet<Long> probes = new TreeSet<>(Long::compareUnsigned);
        for (ChunkRanges r : List.of(a, b)) {
            for (long x : r.boundaries()) {
                probes.add(x);
                probes.add(x - 1);
                probes.add(x + 1);
            }
        }
        probes.add(0L);
        probes.add(-1L);
        ChunkRanges union = a.union(b);
        ChunkRanges intersection = a.intersection(b);
        ChunkRanges difference = a.difference(b);
        for (long x : probes) {
            boolean inA = a.contains(x);
            boolean inB = b.contains(x);
            assertEquals(inA || inB, union.contains(x), "union at " + Long.toUnsignedString(x));
            assertEquals(inA && inB, intersection.contains(x), "intersection at " + Long.toUnsignedString(x));
            assertEquals(inA && !inB, difference.contains(x), "difference at " + Long.toUnsignedString(x));
        }
        assertEquals(!intersection.isEmpty(), a.intersects(b));
    }

    private static ChunkRanges canonical(ByteBuffer in) throws BaoException {
        int start = in.position();
        ChunkRanges r = ChunkRanges.decodeRangeSpec(in);
        int read = in.position() - start;
        byte[] enc = r.encodeRangeSpec();
        assertTrue(enc.length <= read, "canonical form longer than the input");
        ByteBuffer again = ByteBuffer.wrap(enc);
        assertEquals(r, ChunkRanges.decodeRangeSpec(again));
        assertFalse(again.hasRemaining());
        assertArrayEquals(enc, ChunkRanges.decodeRangeSpec(ByteBuffer.wrap(enc)).encodeRangeSpec());
        long[] b = r.boundaries();
        for (int i = 1; i < b.length; i++) {
            assertTrue(Long.compareUnsigned(b[i - 1], b[i]) < 0, "boundaries not strictly increasing");
        }
        return r;
    }

    @FuzzTest
    void rangesSeq(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        ChunkRangesSeq seq;
        try {
            seq = ChunkRangesSeq.decode(in);
        } catch (BaoException e) {
            return;
        }
        byte[] enc = seq.encode();
        assertTrue(enc.length <= in.position(), "canonical form longer than the input");
        ByteBuffer again = ByteBuffer.wrap(enc);
        ChunkRangesSeq decoded;
        try {
            decoded = ChunkRangesSeq.decode(again);
        } catch (BaoException e) {
            throw new AssertionError("the canonical form does not decode", e);
        }
        assertEquals(seq, decoded);
        assertFalse(again.hasRemaining());
        assertArrayEquals(enc, decoded.encode());
        for (long i = 0; i < 8; i++) {
            assertEquals(seq.get(i), decoded.get(i));
        }
    }

    static Map<String, byte[]> rangeSpecSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("all-and-empty", concat(ChunkRanges.all().encodeRangeSpec(), ChunkRanges.empty().encodeRangeSpec()));
        seeds.put("two-runs", concat(ChunkRanges.fromBoundaries(2, 7, 10, 12).encodeRangeSpec(),
                ChunkRanges.from(5).encodeRangeSpec()));
        seeds.put("last-chunk", concat(ChunkRanges.lastChunk().encodeRangeSpec(),
                ChunkRanges.fromByteRange(1000, 70_000).encodeRangeSpec()));
        return seeds;
    }

    static Map<String, byte[]> rangesSeqSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("blob", ChunkRangesSeq.blob().encode());
        seeds.put("all", ChunkRangesSeq.all().encode());
        seeds.put("children", ChunkRangesSeq.of(List.of(ChunkRanges.empty(), ChunkRanges.of(0, 4),
                ChunkRanges.lastChunk(), ChunkRanges.all())).encode());
        seeds.put("infinite", ChunkRangesSeq.ofInfinite(List.of(ChunkRanges.all(), ChunkRanges.of(1, 3))).encode());
        return seeds;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(ChunkRangesFuzzTest.class, "rangeSpecs", rangeSpecSeeds());
        FuzzSeeds.check(ChunkRangesFuzzTest.class, "rangesSeq", rangesSeqSeeds());
    }
}
