package io.objsync.bao;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the BAO decoder on whole streams and on ranges: what a downloader reads from an untrusted provider.
 * The fuzzer cannot forge BLAKE3, so it works on a real stream: input byte 0 holds flags (bit 0: the stream
 * is the rest of the input, raw, instead of the real stream; bit 1: read with {@code readFrom} instead of
 * {@code feed} in random pieces; bits 2-4: the chunk group size, {@code blockLog} 0-4), bytes 1-3 the blob
 * size (little-endian, at most {@value #MAX_BLOB}; the blob's bytes are fixed by its size), then a
 * {@code RangeSpec} of the chunks asked for, then either the raw stream or edits of the real one (size prefix
 * and BAO stream), 4 bytes each: operation (flip, cut, insert), position (u16, scaled to the stream) and value.
 *
 * <p>Properties: only {@link BaoException} (verification, truncation, trailing bytes, a size prefix of 2^63
 * or more) escapes; every byte released is the blob's byte at that offset, and every parent released lies
 * inside the claimed size (inside the blob when the claim is true); an unedited stream decodes completely, proving the size when the last chunk is asked for;
 * decoding allocates at most {@value #ALLOCATION_BOUND} bytes whatever the stream claims.
 */
class BaoDecoderFuzzTest {

    static final int MAX_BLOB = 70_000;
    static final long ALLOCATION_BOUND = 2L << 20;

    private static final Map<Long, Outboard> OUTBOARDS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Outboard> e) {
            return size() > 32;
        }
    };

    @FuzzTest
    void decodeStream(byte[] input) throws Exception {
        if (input.length < 4) {
            return;
        }
        int flags = input[0] & 0xFF;
        boolean raw = (flags & 1) != 0;
        boolean pull = (flags & 2) != 0;
        int blockLog = ((flags >>> 2) & 7) % 5;
        int size = ((input[1] & 0xFF) | (input[2] & 0xFF) << 8 | (input[3] & 0xFF) << 16) % (MAX_BLOB + 1);
        ByteBuffer in = ByteBuffer.wrap(input, 4, input.length - 4);
        ChunkRanges ranges;
        try {
            ranges = ChunkRanges.decodeRangeSpec(in);
        } catch (BaoException e) {
            return;
        }
        byte[] blob = blob(size);
        Outboard outboard = outboard(blob, blockLog);
        byte[] real = encode(blob, outboard, ranges);
        byte[] rest = Arrays.copyOfRange(input, in.position(), input.length);
        byte[] stream = raw ? rest : edit(real, rest);

        Checker checker = new Checker(blob);
        BaoDecoder[] decoder = new BaoDecoder[1];
        boolean completed = false;
        try {
            AllocationBound.check(ALLOCATION_BOUND, "decoding a " + stream.length + "-byte stream", () -> {
                ByteBuffer s = ByteBuffer.wrap(stream);
                long claimed = SizePrefix.decode(s);
                checker.claimed = claimed;
                decoder[0] = BaoDecoder.create(outboard.root(), claimed, blockLog, ranges, checker);
                if (pull) {
                    decoder[0].readFrom(new ByteArrayInputStream(stream, s.position(), s.remaining()));
                } else {
                    Random pieces = new Random(Arrays.hashCode(input));
                    while (s.hasRemaining() && !decoder[0].isComplete()) {
                        int n = Math.min(s.remaining(), 1 + pieces.nextInt(20_000));
                        ByteBuffer piece = s.duplicate().limit(s.position() + n);
                        decoder[0].feed(piece);
                        s.position(piece.position());
                    }
                    if (s.hasRemaining()) {
                        decoder[0].feed(s);
                    }
                }
                decoder[0].finish();
            });
            completed = true;
        } catch (BaoException e) {
            assertTrue(raw || !Arrays.equals(stream, real), "the real stream failed: " + e);
        }
        if (completed && decoder[0].isSizeVerified()) {
            assertEquals(size, decoder[0].verifiedSize().getAsLong(), "a verified size that is not the blob's");
        }
        if (!raw && Arrays.equals(stream, real)) {
            assertTrue(completed);
            if (ranges.contains(-1L)) {
                assertTrue(decoder[0].isSizeVerified(), "asked for the last chunk, the size is not proven");
            }
        }
    }

    /** Checks every released byte and parent against the blob, without allocating. */
    private static final class Checker implements BaoDecoder.Listener {
        private final byte[] blob;
        long claimed;

        Checker(byte[] blob) {
            this.blob = blob;
        }

        @Override
        public void onData(long offset, ByteBuffer data) {
            assertTrue(offset >= 0 && offset + data.remaining() <= blob.length, "released bytes outside the blob");
            for (int i = 0; i < data.remaining(); i++) {
                if (data.get(data.position() + i) != blob[(int) offset + i]) {
                    throw new AssertionError("released byte " + (offset + i) + " differs from the blob");
                }
            }
        }

        @Override
        public void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair) {
            // Positions follow the claimed size: with a wrong claim a real pair of the blob can verify at the
            // claim's position (a pair's hash does not encode where it sits; a leaf's does, and fails there).
            assertTrue(byteStart >= 0 && byteStart < byteEnd && byteEnd <= claimed, "a parent outside the claimed size");
            if (claimed == blob.length) {
                assertTrue(byteEnd <= blob.length, "a parent outside the blob");
            }
            assertEquals(64, pair.remaining());
        }
    }

    /** The blob of a given size: fixed bytes, so a size names one blob. */
    static byte[] blob(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 10) * 7);
        }
        return b;
    }

    private static Outboard outboard(byte[] blob, int blockLog) {
        return OUTBOARDS.computeIfAbsent((long) blob.length << 3 | blockLog,
                k -> Outboard.builder().blockLog(blockLog).threads(1).compute(blob));
    }

    /** The size prefix and the BAO stream of {@code ranges}, as a provider sends them. */
    static byte[] encode(byte[] blob, Outboard outboard, ChunkRanges ranges) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SizePrefix.encode(blob.length));
        BaoEncoder.encode(BaoData.of(blob), outboard, ranges, out);
        return out.toByteArray();
    }

    private static byte[] edit(byte[] stream, byte[] edits) {
        byte[] s = stream;
        for (int i = 0; i + 4 <= edits.length; i += 4) {
            int op = (edits[i] & 0xFF) % 3;
            int pos = (int) (((edits[i + 1] & 0xFF) | (edits[i + 2] & 0xFF) << 8) * (long) s.length >>> 16);
            byte value = edits[i + 3];
            if (op == 0 && s.length > 0) {
                s = s.clone();
                s[pos] ^= (byte) (value == 0 ? 1 : value);
            } else if (op == 1) {
                s = Arrays.copyOf(s, pos);
            } else if (op == 2) {
                byte[] t = new byte[s.length + 1];
                System.arraycopy(s, 0, t, 0, pos);
                t[pos] = value;
                System.arraycopy(s, pos, t, pos + 1, s.length - pos);
                s = t;
            }
        }
        return s;
    }

    static Map<String, byte[]> seeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("whole-16k-groups", header(0, 4, 40_000, ChunkRanges.all(), new byte[0]));
        seeds.put("range-pulled", header(2, 4, 66_000, ChunkRanges.of(17, 40), new byte[0]));
        seeds.put("last-chunk-classic", header(0, 0, 5_000, ChunkRanges.lastChunk(), new byte[0]));
        seeds.put("flipped-leaf", header(0, 2, 20_000, ChunkRanges.all(), new byte[] {0, 0, (byte) 0x80, 5}));
        seeds.put("cut", header(2, 4, 33_000, ChunkRanges.from(3), new byte[] {1, 0, (byte) 0xC0, 0}));
        seeds.put("empty-blob", header(0, 4, 0, ChunkRanges.all(), new byte[0]));
        byte[] small = blob(1500);
        seeds.put("raw-real", header(1, 4, 1500, ChunkRanges.all(), encode(small, outboard(small, 4), ChunkRanges.all())));
        return seeds;
    }

    private static byte[] header(int flags, int blockLog, int size, ChunkRanges ranges, byte[] rest) {
        byte[] spec = ranges.encodeRangeSpec();
        return ByteBuffer.allocate(4 + spec.length + rest.length)
                .put((byte) (flags | blockLog << 2)).put((byte) size).put((byte) (size >>> 8)).put((byte) (size >>> 16))
                .put(spec).put(rest).array();
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(BaoDecoderFuzzTest.class, "decodeStream", seeds());
    }
}
