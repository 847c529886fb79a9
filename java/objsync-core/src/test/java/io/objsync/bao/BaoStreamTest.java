package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.spi.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The response stream: encoder and decoder against each other, the naive model, corruption and truncation. */
class BaoStreamTest {

    static final int[] SIZES = {0, 1, 1023, 1024, 1025, 4096, 16383, 16384, 16385, 32768, 40000, 65536,
            100_001, 3 * 16384 + 1, (1 << 20) + 1, 3 * (1 << 20) + 5};

    /** What a decoder released: verified leaves (blob offset, stream offset, bytes) and outboard pairs. */
    static final class Recorder implements BaoDecoder.Listener {
        final byte[] expected;
        final List<long[]> leaves = new ArrayList<>(); // {blob offset, length, stream offset}
        final Map<Long, long[]> parents = new HashMap<>(); // index -> {byteStart, byteEnd, stream offset}
        final Map<Long, byte[]> pairs = new HashMap<>();
        BaoDecoder decoder;

        Recorder(byte[] expected) {
            this.expected = expected;
        }

        @Override
        public void onData(long offset, ByteBuffer data) {
            assertTrue(data.isReadOnly());
            byte[] got = new byte[data.remaining()];
            data.duplicate().get(got);
            assertTrue(offset + got.length <= expected.length, "released bytes past the end");
            assertArrayEquals(Arrays.copyOfRange(expected, (int) offset, (int) offset + got.length), got,
                    "released bytes at " + offset + " differ from the blob");
            leaves.add(new long[] {offset, got.length, decoder.bytesConsumed()});
        }

        @Override
        public void onParent(long index, long byteStart, long byteEnd, ByteBuffer pair) {
            byte[] p = new byte[64];
            pair.duplicate().get(p);
            assertFalse(pairs.containsKey(index), "pair " + index + " reported twice");
            pairs.put(index, p);
            parents.put(index, new long[] {byteStart, byteEnd, decoder.bytesConsumed()});
        }

        /** The chunks released, as a set. */
        ChunkRanges released() {
            ChunkRanges r = ChunkRanges.empty();
            for (long[] l : leaves) {
                r = r.union(l[1] == 0 ? ChunkRanges.chunk(l[0] / 1024) : ChunkRanges.fromByteRange(l[0], l[0] + l[1]));
            }
            return r;
        }

        boolean releasedAnyOf(long from, long to) {
            for (long[] l : leaves) {
                if (l[0] < to && l[0] + l[1] > from || (l[1] == 0 && from == l[0])) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A decoder whose listener checks every released byte against {@code data}. */
    static Recorder start(Backend backend, Hash root, long claimedSize, int blockLog, ChunkRanges ranges,
                          byte[] data) {
        Recorder r = new Recorder(data);
        r.decoder = BaoDecoder.create(backend, root, claimedSize, blockLog, ranges, r);
        return r;
    }

    static byte[] encode(Backend backend, byte[] data, Outboard ob, ChunkRanges ranges) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = BaoEncoder.encode(backend, BaoData.of(data), ob, ranges, out::write);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    static Recorder decode(Backend backend, byte[] data, long claimedSize, Hash root, int blockLog,
                           ChunkRanges ranges, byte[] stream) throws IOException {
        Recorder r = start(backend, root, claimedSize, blockLog, ranges, data);
        r.decoder.feed(ByteBuffer.wrap(stream));
        r.decoder.finish();
        return r;
    }

    /** The chunks a stream for {@code ranges} must release: anything at or past the last chunk selects it. */
    static ChunkRanges expectedChunks(long size, ChunkRanges ranges) {
        long chunks = TreeCursor.chunkCount(size);
        ChunkRanges head = ranges.intersection(ChunkRanges.of(0, chunks - 1));
        boolean last = !ranges.difference(ChunkRanges.of(0, chunks - 1)).isEmpty();
        return last ? head.union(ChunkRanges.chunk(chunks - 1)) : head;
    }

    /** Encodes, decodes and checks that exactly the requested chunks come back; returns the stream. */
    static byte[] roundTrip(Backend backend, byte[] data, Outboard ob, ChunkRanges ranges) throws IOException {
        byte[] stream = encode(backend, data, ob, ranges);
        Recorder r = decode(backend, data, data.length, ob.root(), ob.blockLog(), ranges, stream);
        assertEquals(expectedChunks(data.length, ranges), r.released(), "released chunks for " + ranges);
        for (Map.Entry<Long, byte[]> e : r.pairs.entrySet()) {
            byte[] stored = new byte[64];
            ob.readPair(e.getKey(), stored);
            assertArrayEquals(stored, e.getValue(), "reported pair " + e.getKey());
        }
        return stream;
    }

    static ChunkRanges randomRanges(Random rnd, long size) {
        long chunks = TreeCursor.chunkCount(size);
        switch (rnd.nextInt(8)) {
            case 0:
                return ChunkRanges.all();
            case 1:
                return ChunkRanges.lastChunk();
            case 2:
                return ChunkRanges.chunk(rnd.nextInt((int) chunks + 2));
            case 3: {
                long a = (long) (rnd.nextDouble() * size);
                long b = a + (long) (rnd.nextDouble() * (size - a + 2000));
                return ChunkRanges.fromByteRange(a, b);
            }
            default: {
                ChunkRanges r = ChunkRanges.empty();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    long a = rnd.nextInt((int) chunks + 3);
                    long b = a + 1 + rnd.nextInt(40);
                    r = r.union(rnd.nextInt(6) == 0 ? ChunkRanges.from(a) : ChunkRanges.of(a, b));
                }
                return r;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void randomRangesRoundTripAndMatchTheModel(Backend backend) throws IOException {
        Random rnd = new Random(21);
        for (int size : SIZES) {
            byte[] data = OutboardTest.random(size, size + 1);
            for (int blockLog = 0; blockLog <= 4; blockLog++) {
                if (size > (1 << 20) + 1 && blockLog % 4 != 0) {
                    continue; // the largest size only with classic and iroh groups, to keep the run short
                }
                Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
                List<ChunkRanges> cases = new ArrayList<>(List.of(ChunkRanges.all(), ChunkRanges.empty(),
                        ChunkRanges.lastChunk(), ChunkRanges.chunk(0)));
                for (int i = 0; i < 8; i++) {
                    cases.add(randomRanges(rnd, size));
                }
                for (ChunkRanges ranges : cases) {
                    byte[] stream = roundTrip(backend, data, ob, ranges);
                    if (size <= 200_000 || ranges.equals(ChunkRanges.lastChunk())) {
                        assertArrayEquals(BaoReference.encode(data, ranges, blockLog), stream,
                                "size " + size + " blockLog " + blockLog + " ranges " + ranges);
                    }
                }
                // The full stream is classic bao minus header and inner-group parents: its length says so.
                long groups = Math.max(1, (size + (1024L << blockLog) - 1) / (1024L << blockLog));
                assertEquals(size + (groups - 1) * 64, encode(backend, data, ob, ChunkRanges.all()).length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void fullStreamReportsTheWholeOutboard(Backend backend) throws IOException {
        for (int size : new int[] {0, 16385, 100_001, (1 << 20) + 1}) {
            byte[] data = OutboardTest.random(size, 5);
            for (int blockLog : new int[] {0, 4}) {
                Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
                Recorder r = decode(backend, data, size, ob.root(), blockLog, ChunkRanges.all(),
                        encode(backend, data, ob, ChunkRanges.all()));
                byte[] rebuilt = new byte[ob.bytes().remaining()];
                for (Map.Entry<Long, byte[]> e : r.pairs.entrySet()) {
                    System.arraycopy(e.getValue(), 0, rebuilt, (int) (e.getKey() * 64), 64);
                }
                assertEquals(rebuilt.length / 64, r.pairs.size());
                assertArrayEquals(ob.toByteArray(), rebuilt);
                assertTrue(r.decoder.isSizeVerified());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyWayOfFeedingGivesTheSameResult(Backend backend) throws IOException {
        Random rnd = new Random(8);
        for (int size : new int[] {0, 1, 1025, 16385, 70_000}) {
            byte[] data = OutboardTest.random(size, 9);
            Outboard ob = Outboard.builder().backend(backend).compute(data);
            for (ChunkRanges ranges : List.of(ChunkRanges.all(), ChunkRanges.of(1, 3), ChunkRanges.lastChunk())) {
                byte[] stream = encode(backend, data, ob, ranges);
                List<long[]> expected = decode(backend, data, size, ob.root(), 4, ranges, stream).leaves;

                // one byte at a time, then random splits in heap, read-only and direct buffers
                for (int mode = 0; mode < 4; mode++) {
                    Recorder r = start(backend, ob.root(), size, 4, ranges, data);
                    int at = 0;
                    while (at < stream.length) {
                        int n = mode == 0 ? 1 : 1 + rnd.nextInt(mode == 3 ? 40_000 : 3000);
                        n = Math.min(n, stream.length - at);
                        ByteBuffer piece = ByteBuffer.wrap(stream, at, n);
                        if (mode == 2) {
                            piece = piece.asReadOnlyBuffer();
                        } else if (mode == 3) {
                            piece = ByteBuffer.allocateDirect(n).put(piece).flip();
                        }
                        boolean done = r.decoder.feed(piece);
                        assertFalse(piece.hasRemaining());
                        at += n;
                        assertEquals(at == stream.length, done);
                    }
                    r.decoder.finish();
                    assertLeavesEqual(expected, r.leaves);
                }
                // pulled from a stream that hands out few bytes per read, and from a channel over it
                for (int mode = 0; mode < 2; mode++) {
                    Recorder r = start(backend, ob.root(), size, 4, ranges, data);
                    InputStream in = OutboardTest.trickle(stream, size);
                    if (mode == 0) {
                        r.decoder.readFrom(in);
                    } else {
                        r.decoder.readFrom(Channels.newChannel(in));
                    }
                    assertTrue(r.decoder.isComplete());
                    assertEquals(-1, in.read());
                    r.decoder.finish();
                    assertLeavesEqual(expected, r.leaves);
                }
            }
        }
    }

    private static void assertLeavesEqual(List<long[]> expected, List<long[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aResponseOfSeveralBlobsReadsFromOneStream(Backend backend) throws IOException {
        byte[] a = OutboardTest.random(40_000, 1);
        byte[] b = OutboardTest.random(1500, 2);
        Outboard obA = Outboard.builder().backend(backend).compute(a);
        Outboard obB = Outboard.builder().backend(backend).compute(b);
        ChunkRanges rangesA = ChunkRanges.of(2, 30);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        SizePrefix.write(a.length, response);
        BaoEncoder.encode(BaoData.of(a), obA, rangesA, response);
        SizePrefix.write(b.length, response);
        BaoEncoder.encode(BaoData.of(b), obB, ChunkRanges.all(), response);
        response.write(new byte[] {42, 43});

        InputStream in = OutboardTest.trickle(response.toByteArray(), 3);
        long sizeA = SizePrefix.read(in);
        Recorder ra = start(backend, obA.root(), sizeA, 4, rangesA, a);
        ra.decoder.readFrom(in);
        ra.decoder.finish();
        long sizeB = SizePrefix.read(in);
        Recorder rb = start(backend, obB.root(), sizeB, 4, ChunkRanges.all(), b);
        rb.decoder.readFrom(in);
        rb.decoder.finish();
        assertEquals(42, in.read(), "the decoders read nothing past their blobs");
        assertEquals(ChunkRanges.of(2, 30), ra.released());
        assertTrue(rb.decoder.isSizeVerified());
        assertFalse(ra.decoder.isSizeVerified());

        // Pushed as one buffer: each decoder leaves the rest in it.
        ByteBuffer all = ByteBuffer.wrap(response.toByteArray());
        SizePrefix.decode(all);
        BaoDecoder da = start(backend, obA.root(), sizeA, 4, rangesA, a).decoder;
        assertTrue(da.feed(all));
        assertEquals(sizeB, SizePrefix.decode(all));
        BaoDecoder db = start(backend, obB.root(), sizeB, 4, ChunkRanges.all(), b).decoder;
        assertTrue(db.feed(all));
        assertEquals(2, all.remaining());
        BaoException trailing = assertThrows(BaoException.class, db::finish);
        assertEquals(BaoException.class, trailing.getClass(), "trailing data is neither truncation nor mismatch");
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void corruptionIsCaughtBeforeTheNodeIsReleased(Backend backend) throws IOException {
        Random rnd = new Random(13);
        int[][] cases = {{100_001, 4}, {100_001, 0}, {16384, 4}, {16385, 4}, {5000, 2}, {1025, 0}, {300, 4}};
        for (int[] c : cases) {
            int size = c[0];
            int blockLog = c[1];
            byte[] data = OutboardTest.random(size, size);
            Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
            for (ChunkRanges ranges : List.of(ChunkRanges.all(), ChunkRanges.of(1, 3).union(ChunkRanges.of(40, 60)),
                    ChunkRanges.lastChunk())) {
                byte[] stream = encode(backend, data, ob, ranges);
                Recorder clean = decode(backend, data, size, ob.root(), blockLog, ranges, stream);
                List<Integer> points = new ArrayList<>();
                for (long[] leaf : clean.leaves) {
                    points.add((int) leaf[2]);
                    points.add((int) (leaf[2] + leaf[1] - 1));
                    points.add((int) (leaf[2] + rnd.nextInt((int) Math.max(1, leaf[1]))));
                }
                for (int p = 0; p < stream.length; p += 1 + rnd.nextInt(700)) {
                    points.add(p);
                }
                for (long[] parent : clean.parents.values()) {
                    points.add((int) parent[2] + rnd.nextInt(64));
                }
                for (int p : points) {
                    if (p < 0 || p >= stream.length) {
                        continue;
                    }
                    String what = "size " + size + " blockLog " + blockLog + " ranges " + ranges + " flip at " + p;
                    byte[] bad = stream.clone();
                    bad[p] ^= (byte) (1 << rnd.nextInt(8));
                    Recorder r = start(backend, ob.root(), size, blockLog, ranges, data);
                    BaoVerificationException e = assertThrows(BaoVerificationException.class,
                            () -> r.decoder.feed(ByteBuffer.wrap(bad)), what);
                    // Which node holds p? Its bytes must not have been released, and the error names it.
                    for (long[] leaf : clean.leaves) {
                        if (p >= leaf[2] && p < leaf[2] + leaf[1]) {
                            assertFalse(r.releasedAnyOf(leaf[0], leaf[0] + leaf[1]), what + ": leaf released");
                            assertEquals(leaf[0], e.offset(), what);
                            assertEquals(leaf[0] + leaf[1], e.endOffset(), what);
                        }
                    }
                    for (long[] parent : clean.parents.values()) {
                        if (p >= parent[2] && p < parent[2] + 64) {
                            assertEquals(parent[0], e.offset(), what);
                            assertEquals(parent[1], e.endOffset(), what);
                        }
                    }
                    assertThrows(IllegalStateException.class, () -> r.decoder.feed(ByteBuffer.wrap(bad)),
                            "a failed decoder stays failed");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void truncatedStreamsAndTrailingBytesAreRejected(Backend backend) throws IOException {
        for (int size : new int[] {0, 1, 1024, 1025, 20_000, 70_000}) {
            byte[] data = OutboardTest.random(size, 4);
            Outboard ob = Outboard.builder().backend(backend).compute(data);
            for (ChunkRanges ranges : List.of(ChunkRanges.all(), ChunkRanges.chunk(2), ChunkRanges.lastChunk())) {
                byte[] stream = encode(backend, data, ob, ranges);
                for (int cut = 0; cut < stream.length; cut += Math.max(1, stream.length / 40)) {
                    byte[] prefix = Arrays.copyOf(stream, cut);
                    BaoDecoder pushed = start(backend, ob.root(), size, 4, ranges, data).decoder;
                    assertFalse(pushed.feed(ByteBuffer.wrap(prefix)));
                    BaoTruncatedException e = assertThrows(BaoTruncatedException.class, pushed::finish);
                    assertEquals(cut, e.offset(), "offset = stream bytes consumed");
                    BaoDecoder pulled = start(backend, ob.root(), size, 4, ranges, data).decoder;
                    assertThrows(BaoTruncatedException.class, () -> pulled.readFrom(new ByteArrayInputStream(prefix)));
                }
                byte[] longer = Arrays.copyOf(stream, stream.length + 1);
                BaoDecoder d = start(backend, ob.root(), size, 4, ranges, data).decoder;
                ByteBuffer in = ByteBuffer.wrap(longer);
                assertTrue(d.feed(in));
                assertEquals(1, in.remaining());
                BaoException e = assertThrows(BaoException.class, d::finish);
                assertEquals(BaoException.class, e.getClass());
            }
        }
        // The empty blob's stream is empty, but its one empty chunk must still verify.
        Outboard empty = Outboard.builder().backend(backend).compute(new byte[0]);
        BaoDecoder ok = start(backend, empty.root(), 0, 4, ChunkRanges.all(), new byte[0]).decoder;
        ok.finish();
        assertTrue(ok.isSizeVerified());
        Hash other = Outboard.builder().backend(backend).compute(new byte[1]).root();
        BaoDecoder bad = start(backend, other, 0, 4, ChunkRanges.all(), new byte[0]).decoder;
        assertThrows(BaoVerificationException.class, bad::finish);
        // Empty ranges: an empty stream, and no hashing at all.
        BaoDecoder none = start(backend, other, 5, 4, ChunkRanges.empty(), new byte[5]).decoder;
        assertTrue(none.isComplete());
        none.finish();
        assertEquals(0, encode(backend, new byte[0], empty, ChunkRanges.empty()).length);
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aReadFailureReleasesWhatVerifiedAsAnEndOfStreamDoes(Backend backend) throws IOException {
        byte[] data = OutboardTest.random(200_000, 9);
        Outboard ob = Outboard.builder().backend(backend).compute(data);
        byte[] stream = encode(backend, data, ob, ChunkRanges.all());
        for (int cut : new int[] {5_000, 70_000, 150_000}) {
            byte[] prefix = Arrays.copyOf(stream, cut);
            Recorder ended = start(backend, ob.root(), data.length, 4, ChunkRanges.all(), data);
            assertThrows(BaoTruncatedException.class, () -> ended.decoder.readFrom(new ByteArrayInputStream(prefix)));
            IOException reset = new IOException("connection reset");
            InputStream cutOff = new InputStream() {
                private int pos;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (pos == cut) {
                        throw reset;
                    }
                    int n = Math.min(len, cut - pos);
                    System.arraycopy(stream, pos, b, off, n);
                    pos += n;
                    return n;
                }
            };
            Recorder broken = start(backend, ob.root(), data.length, 4, ChunkRanges.all(), data);
            assertEquals(reset, assertThrows(IOException.class, () -> broken.decoder.readFrom(cutOff)));
            assertEquals(ended.released(), broken.released(), "cut at " + cut);
            if (cut > 40_000) {
                assertTrue(broken.releasedAnyOf(16_384, 32_768), "whole groups before the cut are kept");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void theSizeIsProvenOnlyByTheLastChunk(Backend backend) throws IOException {
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 16384, 16385, 40_000, 100_000}) {
            byte[] data = OutboardTest.random(size, 6);
            for (int blockLog : new int[] {0, 4}) {
                Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
                // An honest claim with a last-chunk request proves the size.
                Recorder proof = decode(backend, data, size, ob.root(), blockLog, ChunkRanges.lastChunk(),
                        encode(backend, data, ob, ChunkRanges.lastChunk()));
                assertTrue(proof.decoder.isSizeVerified());
                assertEquals(size, proof.decoder.verifiedSize().getAsLong());
                // The first chunk alone proves nothing about the size of a larger blob.
                if (size > 1024) {
                    Recorder first = decode(backend, data, size, ob.root(), blockLog, ChunkRanges.chunk(0),
                            encode(backend, data, ob, ChunkRanges.chunk(0)));
                    assertFalse(first.decoder.isSizeVerified());
                    assertTrue(first.decoder.verifiedSize().isEmpty());
                }
                // Wrong claims: the stream the honest sender sends cannot satisfy them.
                long[] claims = {size - 1, size + 1, size - 1024, size + 1024, 2L * size + 1, size / 2, 0,
                        size + 16384, size + (1L << 40)};
                for (long claim : claims) {
                    if (claim < 0 || claim == size) {
                        continue;
                    }
                    for (ChunkRanges ranges : List.of(ChunkRanges.all(), ChunkRanges.lastChunk())) {
                        byte[] stream = encode(backend, data, ob, ranges);
                        Recorder r = start(backend, ob.root(), claim, blockLog, ranges, data);
                        try {
                            r.decoder.feed(ByteBuffer.wrap(stream));
                            r.decoder.finish();
                            fail("size " + size + " claimed as " + claim + " with " + ranges + " was accepted");
                        } catch (BaoVerificationException | BaoTruncatedException expected) {
                            assertFalse(r.decoder.isSizeVerified());
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void theEncoderRefusesADamagedStore(Backend backend) throws IOException {
        Random rnd = new Random(17);
        int size = 200_000;
        byte[] data = OutboardTest.random(size, 3);
        for (int blockLog : new int[] {0, 4}) {
            Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
            for (int i = 0; i < 30; i++) {
                int p = rnd.nextInt(size);
                byte[] damaged = data.clone();
                damaged[p] ^= 1;
                for (ChunkRanges ranges : List.of(ChunkRanges.all(), ChunkRanges.chunk(p / 1024))) {
                    ByteArrayOutputStream sent = new ByteArrayOutputStream();
                    // Straight to the sink, and through the write buffer leaves are verified in (public path).
                    boolean buffered = i % 2 == 0;
                    BaoVerificationException e = assertThrows(BaoVerificationException.class, () -> {
                        if (buffered) {
                            BaoEncoder.batched(backend, BaoData.of(damaged), ob, ranges, sent::write);
                        } else {
                            BaoEncoder.encode(backend, BaoData.of(damaged), ob, ranges, sent::write);
                        }
                    });
                    assertTrue(e.offset() <= p && p < e.endOffset(), "error names the damaged bytes");
                    // What went out before the failure is all good: a receiver sees a truncated stream.
                    BaoDecoder d = start(backend, ob.root(), size, blockLog, ranges, data).decoder;
                    d.feed(ByteBuffer.wrap(sent.toByteArray()));
                    assertThrows(BaoTruncatedException.class, d::finish);
                }
                // Chunks far from the damage are still served.
                long far = (p / 1024 + size / 2048) % (size / 1024);
                ChunkRanges elsewhere = ChunkRanges.chunk(far);
                if (Math.abs(far - p / 1024) > 64) {
                    encode(backend, damaged, ob, elsewhere);
                }
            }
            byte[] obBytes = ob.toByteArray();
            for (int i = 0; i < 20; i++) {
                int p = rnd.nextInt(obBytes.length);
                byte[] damagedOb = obBytes.clone();
                damagedOb[p] ^= 1;
                Outboard bad = Outboard.of(ob.root(), size, blockLog, ByteBuffer.wrap(damagedOb));
                assertThrows(BaoVerificationException.class,
                        () -> encode(backend, data, bad, ChunkRanges.all()), "outboard flip at " + p);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aLargeBlobStreamsThroughAPipeInBoundedMemory(Backend backend) throws Exception {
        int size = (64 << 20) + 12345;
        ByteBuffer data = ByteBuffer.allocateDirect(size);
        Random rnd = new Random(64);
        byte[] block = new byte[1 << 16];
        while (data.hasRemaining()) {
            rnd.nextBytes(block);
            data.put(block, 0, Math.min(block.length, data.remaining()));
        }
        data.flip();
        Outboard ob = Outboard.builder().threads(2).backend(backend).compute(data);
        assertEquals(io.objsync.hash.Blake3.hash(data.duplicate()), ob.root());

        java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 16);
        java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
        java.util.concurrent.atomic.AtomicReference<Throwable> senderFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread sender = new Thread(() -> {
            try (out) {
                BaoEncoder.encode(backend, BaoData.of(data), ob, ChunkRanges.all(), out::write);
            } catch (Throwable t) {
                senderFailure.set(t);
            }
        });
        sender.start();
        long[] next = {0};
        BaoDecoder decoder = BaoDecoder.create(backend, ob.root(), size, 4, ChunkRanges.all(), (offset, buf) -> {
            assertEquals(next[0], offset, "a full stream releases the blob in order");
            assertEquals(data.duplicate().position((int) offset).limit((int) offset + buf.remaining()), buf);
            next[0] += buf.remaining();
        });
        try {
            decoder.readFrom(in);
            decoder.finish();
            assertEquals(-1, in.read());
        } finally {
            sender.join();
            if (senderFailure.get() != null) {
                throw new AssertionError("sender failed", senderFailure.get());
            }
        }
        assertEquals(size, next[0]);
        assertTrue(decoder.isSizeVerified());
        assertEquals(size + Outboard.sizeOf(size, 4), decoder.bytesConsumed());
    }

    @Test
    void argumentsAreChecked() throws IOException {
        byte[] data = new byte[3000];
        Outboard ob = Outboard.compute(data);
        assertThrows(NullPointerException.class, () -> BaoDecoder.create(null, 1, ChunkRanges.all(), (o, d) -> { }));
        assertThrows(NullPointerException.class, () -> BaoDecoder.create(ob.root(), 1, null, (o, d) -> { }));
        assertThrows(NullPointerException.class, () -> BaoDecoder.create(ob.root(), 1, ChunkRanges.all(), null));
        assertThrows(IllegalArgumentException.class,
                () -> BaoDecoder.create(ob.root(), -1, ChunkRanges.all(), (o, d) -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> BaoDecoder.create(ob.root(), 1, 17, ChunkRanges.all(), (o, d) -> { }));
        assertThrows(IllegalArgumentException.class, () -> BaoEncoder.encode(BaoData.of(new byte[2999]), ob,
                ChunkRanges.all(), new ByteArrayOutputStream()));
        assertThrows(NullPointerException.class,
                () -> BaoEncoder.encode(BaoData.of(data), ob, null, new ByteArrayOutputStream()));
        // the public entry points work end to end on the active backend
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BaoEncoder.encode(BaoData.of(data), ob, ChunkRanges.all(), Channels.newChannel(out));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        BaoDecoder d = BaoDecoder.create(ob.root(), data.length, ChunkRanges.all(), (o, buf) -> {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            got.write(b);
        });
        d.readFrom(new ByteArrayInputStream(out.toByteArray()));
        d.finish();
        assertArrayEquals(data, got.toByteArray());
        assertNotEquals(0, out.size());
    }
}
