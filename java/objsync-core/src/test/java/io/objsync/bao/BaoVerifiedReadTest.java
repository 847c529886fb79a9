package io.objsync.bao;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link BaoEncoder#read}: the encoder's verified walk, releasing leaves instead of writing a stream. */
class BaoVerifiedReadTest {

    /** Collects released bytes at their offsets, and the reported outboard positions. */
    static final class Collector implements BaoDecoder.Listener {
        final byte[] out;
        final List<Long> parents = new ArrayList<>();
        long released;

        Collector(int size) {
            out = new byte[size];
        }

        @Override
        public void onData(long offset, ByteBuffer data) {
            released += data.remaining();
            data.get(out, (int) offset, data.remaining());
        }

        @Override
        public void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair) {
            parents.add(outboardIndex);
        }
    }

    @Test
    void releasesExactlyTheRequestedGroupsAndThePairsOnTheirPaths() throws IOException {
        Random rnd = new Random(3);
        for (int size : new int[] {0, 1, 16384, 16385, 100_000, 1 << 20}) {
            byte[] data = OutboardTest.random(size, size);
            Outboard ob = Outboard.compute(data);
            Collector all = new Collector(size);
            BaoEncoder.read(BaoData.of(data), ob, ChunkRanges.all(), all);
            assertArrayEquals(data, all.out, "size " + size);
            assertEquals(ob.bytes().remaining() / 64, all.parents.size(), "every pair is on the way to all data");

            long chunks = Math.max(1, (size + 1023) / 1024);
            long from = rnd.nextInt((int) chunks);
            ChunkRanges part = ChunkRanges.of(from, from + 1 + rnd.nextInt((int) (chunks - from)));
            Collector some = new Collector(size);
            BaoEncoder.read(BaoData.of(data), ob, part, some);
            // The same verified walk the encoder sends: the decoder accepts its stream and releases the same bytes.
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            BaoEncoder.encode(BaoData.of(data), ob, part, stream);
            Collector decoded = new Collector(size);
            BaoDecoder d = BaoDecoder.create(ob.root(), size, part, decoded);
            d.feed(ByteBuffer.wrap(stream.toByteArray()));
            d.finish();
            assertArrayEquals(decoded.out, some.out, "size " + size + " " + part);
            assertEquals(decoded.released, some.released);
            assertEquals(decoded.parents, some.parents);
        }
    }

    @Test
    void aFlippedBitStopsTheReadBeforeTheDamagedGroupIsReleased() {
        byte[] data = OutboardTest.random(200_000, 9);
        Outboard ob = Outboard.compute(data);
        data[70_000] ^= 4; // inside group 4: [65536, 81920)
        Collector c = new Collector(data.length);
        BaoVerificationException e = assertThrows(BaoVerificationException.class,
                () -> BaoEncoder.read(BaoData.of(data), ob, ChunkRanges.all(), c));
        assertEquals(65536, e.offset());
        assertEquals(65536, c.released, "the four good groups before it were released, nothing after");
    }
}
