package io.objsync.bao;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkRangesSeqTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static ChunkRangesSeq decode(byte[] bytes) throws BaoException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ChunkRangesSeq seq = ChunkRangesSeq.decode(in);
        assertFalse(in.hasRemaining(), "decoder must consume exactly the sequence");
        return seq;
    }

    @Test
    void getRequestVectorsFromTheWireReference() throws BaoException {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) 0xda);

        // GetRequest::blob(h) = 00 | h | 02 00 01 00 01 00
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.write(0);
        blob.writeBytes(h);
        blob.writeBytes(hex("02 00 01 00 01 00"));
        ByteBuffer in = ByteBuffer.wrap(blob.toByteArray());
        assertEquals(0, in.get(), "request type Get");
        byte[] hash = new byte[32];
        in.get(hash);
        assertArrayEquals(h, hash);
        ChunkRangesSeq seq = ChunkRangesSeq.decode(in);
        assertFalse(in.hasRemaining());
        // Decodes as: entry (index 0, RangeSpec [0] = everything), entry (index 0+1, RangeSpec [] = nothing).
        assertEquals(ChunkRangesSeq.blob(), seq);
        assertEquals(ChunkRanges.all(), seq.get(0));
        assertEquals(ChunkRanges.empty(), seq.get(1));
        assertEquals(ChunkRanges.empty(), seq.get(1000));
        assertFalse(seq.isInfinite());
        assertArrayEquals(hex("02 00 01 00 01 00"), ChunkRangesSeq.blob().encode());

        // GetRequest::all(h) = 00 | h | 01 00 01 00: one entry (index 0, everything), repeating for all children.
        ChunkRangesSeq all = decode(hex("01 00 01 00"));
        assertEquals(ChunkRangesSeq.all(), all);
        assertTrue(all.isInfinite());
        assertEquals(ChunkRanges.all(), all.get(0));
        assertEquals(ChunkRanges.all(), all.get(1));
        assertEquals(ChunkRanges.all(), all.get(-1L));
        assertArrayEquals(hex("01 00 01 00"), ChunkRangesSeq.all().encode());
    }

    @Test
    void referenceWireFormat() throws BaoException {
        // From iroh-blobs' range_spec_seq_wire_format test.
        assertArrayEquals(hex("00"), ChunkRangesSeq.empty().encode());
        ChunkRangesSeq two = ChunkRangesSeq.of(List.of(ChunkRanges.of(1, 3), ChunkRanges.of(7, 13)));
        byte[] twoBytes = hex("03 00 020102 01 020706 01 00");
        assertArrayEquals(twoBytes, two.encode());
        assertEquals(two, decode(twoBytes));
        ChunkRangesSeq tail = ChunkRangesSeq.ofInfinite(List.of(ChunkRanges.empty(), ChunkRanges.empty(),
                ChunkRanges.empty(), ChunkRanges.from(7), ChunkRanges.all()));
        byte[] tailBytes = hex("02 03 0107 01 0100");
        assertArrayEquals(tailBytes, tail.encode());
        assertEquals(tail, decode(tailBytes));
        assertEquals(ChunkRanges.empty(), tail.get(2));
        assertEquals(ChunkRanges.from(7), tail.get(3));
        assertEquals(ChunkRanges.all(), tail.get(4));
        assertEquals(ChunkRanges.all(), tail.get(99));
        // verified size: the last chunk of blob 0 only
        ChunkRangesSeq size = decode(ChunkRangesSeq.verifiedSize().encode());
        assertEquals(ChunkRanges.lastChunk(), size.get(0));
        assertEquals(ChunkRanges.empty(), size.get(1));
    }

    @Test
    void canonicalForm() throws BaoException {
        // Repeated ranges collapse; the meaning is unchanged.
        ChunkRangesSeq seq = ChunkRangesSeq.of(List.of(ChunkRanges.of(1, 2), ChunkRanges.of(1, 2), ChunkRanges.of(1, 2)));
        assertArrayEquals(hex("02 00 020101 03 00"), seq.encode());
        // A zero delta (two entries for one index): the later one wins, as a lookup in the reference would
        // not be well defined otherwise; the result is canonical.
        ChunkRangesSeq dup = decode(hex("02 00 0100 00 020102"));
        assertEquals(ChunkRanges.of(1, 3), dup.get(0));
        assertEquals(ChunkRangesSeq.ofInfinite(List.of(ChunkRanges.of(1, 3))), dup);
        assertTrue(ChunkRangesSeq.empty().isEmpty());
        assertEquals(ChunkRangesSeq.empty(), ChunkRangesSeq.of(List.of(ChunkRanges.empty())));
    }

    @Test
    void aWindowStartsAtItsFirstIndexWithNothingBefore() throws BaoException {
        List<ChunkRanges> window = List.of(ChunkRanges.all(), ChunkRanges.empty(), ChunkRanges.of(2, 5));
        ChunkRangesSeq seq = ChunkRangesSeq.of(1_000_001, window);
        assertEquals(ChunkRanges.empty(), seq.get(0));
        assertEquals(ChunkRanges.empty(), seq.get(1_000_000));
        assertEquals(ChunkRanges.all(), seq.get(1_000_001));
        assertEquals(ChunkRanges.empty(), seq.get(1_000_002));
        assertEquals(ChunkRanges.of(2, 5), seq.get(1_000_003));
        assertEquals(ChunkRanges.empty(), seq.get(1_000_004));
        assertEquals(seq, decode(seq.encode()));
        // the same as a list with an entry per index before it, in a few bytes instead of a million entries
        assertTrue(seq.encode().length < 16, seq.encode().length + " bytes");
        List<ChunkRanges> padded = new java.util.ArrayList<>(java.util.Collections.nCopies(5, ChunkRanges.empty()));
        padded.addAll(window);
        assertEquals(ChunkRangesSeq.of(padded), ChunkRangesSeq.of(5, window));
        assertEquals(ChunkRangesSeq.of(window), ChunkRangesSeq.of(0, window));
        assertThrows(IllegalArgumentException.class, () -> ChunkRangesSeq.of(-1, window));
    }

    @Test
    void rejectsMalformedInput() {
        // Index deltas adding up past 2^64-1.
        assertThrows(BaoException.class, () -> decode(hex("02 FFFFFFFFFFFFFFFFFF01 0100 01 0100")));
        assertThrows(BaoException.class, () -> decode(hex("02 00 0100")), "ends early");
        assertThrows(BaoException.class, () -> decode(hex("01 00 02 01")), "RangeSpec ends early");
        assertThrows(BaoException.class, () -> decode(hex("FFFFFFFFFF01")), "absurd count");
    }

    @Test
    void roundTripsRandomSequences() throws BaoException {
        Random rnd = new Random(5);
        for (int iter = 0; iter < 1000; iter++) {
            int n = rnd.nextInt(8);
            List<ChunkRanges> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(20);
                int b = rnd.nextInt(20);
                list.add(rnd.nextInt(4) == 0 ? ChunkRanges.from(a) : ChunkRanges.of(Math.min(a, b), Math.max(a, b)));
            }
            boolean infinite = rnd.nextBoolean();
            ChunkRangesSeq seq = infinite ? ChunkRangesSeq.ofInfinite(list) : ChunkRangesSeq.of(list);
            ChunkRangesSeq back = decode(seq.encode());
            assertEquals(seq, back);
            for (int i = 0; i < n + 3; i++) {
                ChunkRanges expected = i < n ? list.get(i) : infinite && n > 0 ? list.get(n - 1) : ChunkRanges.empty();
                assertEquals(expected, back.get(i), "index " + i + " of " + list + (infinite ? " (infinite)" : ""));
            }
        }
    }
}
