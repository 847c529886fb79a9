package io.objsync.store;

import io.objsync.bao.BaoTruncatedException;
import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Serving from one store and receiving into another: whole blobs, ranges, resumption, lies. */
class ReceiveTest {

    @TempDir
    Path tmp;

    private BlobStore open(String name) throws IOException {
        return BlobStore.open(tmp.resolve(name), StoreOptions.defaults().ingestSyncBytes(64 * 1024));
    }

    @Test
    void aServedBlobReceivedWholeIsCompleteAndIdentical() throws IOException {
        try (BlobStore a = open("a"); BlobStore b = open("b")) {
            for (int size : TestData.SIZES) {
                byte[] data = TestData.random(size, size);
                try (TempPin p = a.add(data)) {
                    byte[] response = TestData.response(a, p.hash(), ChunkRanges.all());
                    InputStream in = TestData.trickle(response, size);
                    BlobStatus s = b.receive(p.hash(), ChunkRanges.all(), in);
                    assertEquals(-1, in.read(), "the response is read exactly");
                    assertTrue(s.isComplete(), "size " + size + ": " + s);
                    assertArrayEquals(data, b.read(p.hash(), 0, size));
                    // receiving a complete blob again verifies and changes nothing
                    assertEquals(s, b.receive(p.hash(), ChunkRanges.all(), new ByteArrayInputStream(response)));
                }
            }
            assertEquals(0, b.list().stream().filter(s -> !s.isComplete()).count());
        }
    }

    @Test
    void rangesArriveAsPartialBlobsThatServeWhatTheyHold() throws IOException {
        byte[] data = TestData.random(1_000_000, 1); // 977 chunks, 62 groups
        try (BlobStore a = open("a"); BlobStore b = open("b"); BlobStore c = open("c"); TempPin p = a.add(data)) {
            Hash h = p.hash();
            ChunkRanges first = ChunkRanges.of(16, 64);
            BlobStatus s = b.receive(h, first, new ByteArrayInputStream(TestData.response(a, h, first)));
            assertFalse(s.isComplete());
            assertEquals(first, s.verified());
            assertFalse(s.isSizeVerified(), "the last chunk has not arrived");
            assertEquals(ChunkRanges.of(0, 16).union(ChunkRanges.of(64, 977)), s.missing());
            assertArrayEquals(Arrays.copyOfRange(data, 16 * 1024, 64 * 1024), b.read(h, 16 * 1024, 48 * 1024));
            RangeNotAvailableException e = assertThrows(RangeNotAvailableException.class,
                    () -> b.read(h, 0, 20_000));
            assertEquals(ChunkRanges.of(0, 16), e.missing());
            // a partly covered group verifies but is not kept: the store records whole groups
            ChunkRanges odd = ChunkRanges.of(100, 128); // group 6 in part, group 7 whole
            s = b.receive(h, odd, new ByteArrayInputStream(TestData.response(a, h, odd)));
            assertEquals(first.union(ChunkRanges.of(112, 128)), s.verified());
            // the partial store serves what it holds, and a third store takes it from there
            byte[] fromB = TestData.response(b, h, first);
            assertArrayEquals(TestData.response(a, h, first), fromB);
            assertThrows(RangeNotAvailableException.class, () -> TestData.response(b, h, ChunkRanges.all()));
            c.receive(h, first, new ByteArrayInputStream(fromB));
            // the rest completes the blob
            s = b.receive(h, s.missing(), new ByteArrayInputStream(TestData.response(a, h, s.missing())));
            assertTrue(s.isComplete(), s.toString());
            assertTrue(s.isSizeVerified());
            assertArrayEquals(data, b.read(h, 0, data.length));
        }
    }

    @Test
    void aBrokenOffStreamKeepsEveryRecordedGroupAndResumes() throws IOException {
        byte[] data = TestData.random(3_000_000, 2);
        try (BlobStore a = open("a"); TempPin p = a.add(data)) {
            Hash h = p.hash();
            byte[] response = TestData.response(a, h, ChunkRanges.all());
            for (int cut : new int[] {5, 8 + 64 * 5, 200_000, 1_000_000, response.length - 1}) {
                try (BlobStore b = open("b" + cut)) {
                    InputStream in = new ByteArrayInputStream(response, 0, cut);
                    assertThrows(BaoTruncatedException.class, () -> b.receive(h, ChunkRanges.all(), in));
                    if (cut < SizePrefix.LENGTH) {
                        assertTrue(b.status(h).isEmpty(), "no record before the size arrived");
                        continue;
                    }
                    BlobStatus s = b.status(h).orElseThrow();
                    assertFalse(s.isComplete());
                    long kept = s.verified().isEmpty() ? 0 : s.verified().boundaries()[1] * 1024;
                    // every verified group before the cut is kept (data come after their 64-byte pairs)
                    assertTrue(kept >= Math.min(data.length, (cut - 8 - 64L * 200) / 16384 * 16384 - 16384),
                            "cut " + cut + " kept " + kept);
                    assertArrayEquals(Arrays.copyOf(data, (int) kept), b.read(h, 0, (int) kept));
                    s = b.receive(h, s.missing(), new ByteArrayInputStream(TestData.response(a, h, s.missing())));
                    assertTrue(s.isComplete());
                    assertArrayEquals(data, b.read(h, 0, data.length));
                }
            }
        }
    }

    @Test
    void aCorruptStreamFailsAtTheBadGroupAndKeepsWhatCameBefore() throws IOException {
        byte[] data = TestData.random(500_000, 3);
        try (BlobStore a = open("a"); BlobStore b = open("b"); TempPin p = a.add(data)) {
            Hash h = p.hash();
            byte[] response = TestData.response(a, h, ChunkRanges.all());
            byte[] bad = response.clone();
            bad[bad.length - 100_000] ^= 1;
            assertThrows(BaoVerificationException.class,
                    () -> b.receive(h, ChunkRanges.all(), new ByteArrayInputStream(bad)));
            BlobStatus s = b.status(h).orElseThrow();
            assertFalse(s.isComplete());
            assertFalse(s.verified().isEmpty());
            long kept = s.verified().boundaries()[1] * 1024;
            assertArrayEquals(Arrays.copyOf(data, (int) kept), b.read(h, 0, (int) kept));
            b.receive(h, s.missing(), new ByteArrayInputStream(TestData.response(a, h, s.missing())));
            assertTrue(b.has(h));
        }
    }

    @Test
    void aWrongSizeClaimIsRejectedOnceTheSizeIsVerified() throws IOException {
        byte[] data = TestData.random(100_000, 4);
        try (BlobStore a = open("a"); BlobStore b = open("b"); TempPin p = a.add(data)) {
            Hash h = p.hash();
            ChunkRanges last = ChunkRanges.lastChunk();
            BlobStatus s = b.receive(h, last, new ByteArrayInputStream(TestData.response(a, h, last)));
            assertTrue(s.isSizeVerified());
            byte[] lie = TestData.response(a, h, ChunkRanges.all());
            System.arraycopy(SizePrefix.encode(200_000), 0, lie, 0, 8);
            StoreException e = assertThrows(StoreException.class,
                    () -> b.receive(h, ChunkRanges.all(), new ByteArrayInputStream(lie)));
            assertTrue(e.getMessage().contains("verified size"), e.getMessage());
            assertEquals(s, b.status(h).orElseThrow(), "nothing changed");
        }
    }

    @Test
    void aWrongSizeClaimNeverMakesASmallBlobComplete() throws IOException {
        byte[] data = TestData.random(5000, 5);
        try (BlobStore a = open("a"); BlobStore b = open("b"); TempPin p = a.add(data)) {
            Hash h = p.hash();
            byte[] lie = TestData.response(a, h, ChunkRanges.all());
            System.arraycopy(SizePrefix.encode(4000), 0, lie, 0, 8);
            assertThrows(BaoVerificationException.class,
                    () -> b.receive(h, ChunkRanges.all(), new ByteArrayInputStream(lie)));
            assertTrue(b.status(h).isEmpty());
        }
    }
}
