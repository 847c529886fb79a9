package io.objsync.bao;

import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Geometry at the edges, where no real data can be hashed. */
class TreeCursorTest {

    @Test
    void theLargestSizeKeepsItsByteRanges() {
        TreeCursor c = new TreeCursor(BackendsUnderTest.java(), new byte[32], Long.MAX_VALUE, 4,
                ChunkRanges.lastChunk());
        assertTrue(c.next());
        assertTrue(c.isParent());
        assertTrue(c.isRoot());
        assertEquals(0, c.byteStart());
        assertEquals(Long.MAX_VALUE, c.byteEnd());
        assertEquals(0, c.outboardIndex());
        assertEquals(1L << 52, c.leftChunks());
        assertEquals(64, c.streamLength());
        assertThrows(IllegalStateException.class, c::next, "a parent must be accepted first");
        assertThrows(BaoVerificationException.class, () -> c.acceptParent(new byte[64], 0));
    }

    @Test
    void smallBlobsAreOneLeafUnlessSplit() {
        TreeCursor whole = new TreeCursor(BackendsUnderTest.java(), new byte[32], 16384, 4, ChunkRanges.all());
        assertTrue(whole.next());
        assertFalse(whole.isParent());
        assertEquals(16384, whole.streamLength());
        assertEquals(-1, whole.outboardIndex());

        TreeCursor part = new TreeCursor(BackendsUnderTest.java(), new byte[32], 16384, 4, ChunkRanges.chunk(3));
        assertTrue(part.next());
        assertTrue(part.isParent(), "a partly covered group is split");
        assertEquals(-1, part.outboardIndex(), "parents inside a group are not in the outboard");

        TreeCursor none = new TreeCursor(BackendsUnderTest.java(), new byte[32], 16384, 4, ChunkRanges.empty());
        assertFalse(none.next());
    }

    @Test
    void aClaimedSizeNearTwoToTheSixtyThreeFailsCleanly() throws IOException {
        byte[] data = new byte[5000];
        Outboard ob = Outboard.compute(data);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        BaoEncoder.encode(BaoData.of(data), ob, ChunkRanges.all(), sent);
        for (long claim : new long[] {Long.MAX_VALUE, 1L << 62, (1L << 40) + 3}) {
            BaoDecoder d = BaoDecoder.create(ob.root(), claim, ChunkRanges.all(), (o, b) -> { });
            assertThrows(BaoVerificationException.class, () -> d.feed(ByteBuffer.wrap(sent.toByteArray())));
        }
        assertThrows(BaoException.class, () -> SizePrefix.decode(ByteBuffer.wrap(
                new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80})));
        assertEquals(5000, SizePrefix.decode(ByteBuffer.wrap(SizePrefix.encode(5000))));
    }
}
