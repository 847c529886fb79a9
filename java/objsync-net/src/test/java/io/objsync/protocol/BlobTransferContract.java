package io.objsync.protocol;

import io.objsync.bao.BaoException;
import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider and downloader end to end over a transport; each transport's test binds the endpoints. */
@Timeout(60)
abstract class BlobTransferContract {

    final MemoryBlobs served = new MemoryBlobs();
    final MemoryBlobs received = new MemoryBlobs();
    private final List<Endpoint> endpoints = new ArrayList<>();

    abstract Endpoint bind(NodeKey key, Map<String, StreamHandler> handlers, TransportLimits limits)
            throws IOException;

    Endpoint node(StreamHandler blobs, TransportLimits limits) throws IOException {
        Endpoint e = bind(NodeKey.generate(), blobs == null ? Map.of() : Map.of(BlobProtocol.ALPN, blobs), limits);
        endpoints.add(e);
        return e;
    }

    Endpoint provider() throws IOException {
        return node(new BlobProvider(served), TransportLimits.defaults());
    }

    BlobDownloader downloader() throws IOException {
        return new BlobDownloader(node(null, TransportLimits.defaults()), received, received);
    }

    @AfterEach
    void closeAll() {
        endpoints.forEach(Endpoint::close);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aWholeBlob() throws Exception {
        byte[] data = random(300_000, 1);
        Hash h = served.put(data);
        DownloadStats stats = downloader().fetch(provider().addr(), GetRequest.blob(h));
        assertArrayEquals(data, received.complete.get(h));
        assertEquals(true, received.sizeVerified.get(h));
        assertEquals(1, stats.blobs());
        assertEquals(data.length, stats.verifiedBytes());
        assertTrue(stats.streamBytes() > data.length);
    }

    @Test
    void theEmptyBlob() throws Exception {
        Hash h = served.put(new byte[0]);
        downloader().fetch(provider().addr(), GetRequest.blob(h));
        assertArrayEquals(new byte[0], received.complete.get(h));
    }

    @Test
    void aByteRange() throws Exception {
        byte[] data = random(1 << 20, 2);
        Hash h = served.put(data);
        GetRequest r = GetRequest.ranges(h, ChunkRanges.fromByteRange(100_000, 300_000));
        DownloadStats stats = downloader().fetch(provider().addr(), r);
        assertArrayEquals(Arrays.copyOfRange(data, 100_000, 300_000), received.received(h, 100_000, 300_000));
        assertEquals(false, received.sizeVerified.get(h)); // the last chunk was not asked for
        assertTrue(stats.verifiedBytes() < 300_000, "only the groups around the range travel");
        assertFalse(received.complete.containsKey(h));
    }

    @Test
    void aHashSequenceAndItsChildren() throws Exception {
        List<Hash> children = List.of(served.put(random(70_000, 3)), served.put(random(10, 4)),
                served.put(random(40_000, 5)));
        Hash seq = served.putHashSeq(children);
        DownloadStats stats = downloader().fetch(provider().addr(), GetRequest.all(seq));
        assertEquals(4, stats.blobs());
        for (Hash c : children) {
            assertArrayEquals(served.complete.get(c), received.complete.get(c));
        }
        assertArrayEquals(served.complete.get(seq), received.complete.get(seq));
    }

    @Test
    void childRangesWithTheHashSequenceHeldLocally() throws Exception {
        List<Hash> children = List.of(served.put(random(70_000, 6)), served.put(random(50_000, 7)),
                served.put(random(30_000, 8)));
        Hash seq = served.putHashSeq(children);
        received.complete.put(seq, served.complete.get(seq)); // as after an interrupted download
        // Nothing of the sequence or child 0, all of child 1, the first KiB of child 2.
        ChunkRangesSeq ranges = ChunkRangesSeq.of(List.of(ChunkRanges.empty(), ChunkRanges.empty(),
                ChunkRanges.all(), ChunkRanges.fromByteRange(0, 1000)));
        DownloadStats stats = downloader().fetch(provider().addr(), GetRequest.of(seq, ranges));
        assertEquals(2, stats.blobs());
        assertFalse(received.complete.containsKey(children.get(0)));
        assertArrayEquals(served.complete.get(children.get(1)), received.complete.get(children.get(1)));
        assertArrayEquals(Arrays.copyOf(served.complete.get(children.get(2)), 1000),
                received.received(children.get(2), 0, 1000));
    }

    @Test
    void getMany() throws Exception {
        Hash a = served.put(random(5000, 9));
        Hash b = served.put(random(90_000, 10));
        downloader().fetch(provider().addr(), GetManyRequest.blobs(List.of(a, b)));
        assertArrayEquals(served.complete.get(a), received.complete.get(a));
        assertArrayEquals(served.complete.get(b), received.complete.get(b));
    }

    @Test
    void aBlobTheProviderDoesNotHold() throws Exception {
        Hash held = served.put(random(2000, 11));
        Hash missing = new MemoryBlobs().put(random(2000, 12));
        BlobDownloader d = downloader();
        Endpoint p = provider();
        assertThrows(BlobUnavailableException.class, () -> d.fetch(p.addr(), GetRequest.blob(missing)));
        // In a sequence, the children before the missing one arrive; the download still fails.
        Hash seq = served.putHashSeq(List.of(held, missing));
        assertThrows(BlobUnavailableException.class, () -> d.fetch(p.addr(), GetRequest.all(seq)));
        assertArrayEquals(served.complete.get(held), received.complete.get(held));
        assertFalse(received.complete.containsKey(missing));
    }

    /** A provider that answers correctly, then flips one bit of the response at {@code at}. */
    StreamHandler corrupting(int at) {
        return s -> {
            BlobRequest r = BlobProtocol.readRequest(s.input());
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            new BlobProvider(served).respond(r, buf);
            byte[] response = buf.toByteArray();
            response[at] ^= 0x10;
            s.output().write(response);
            s.finishOutput();
        };
    }

    @Test
    void corruptDataFailsTypedAndNothingUnverifiedIsKept() throws Exception {
        byte[] data = random(200_000, 13);
        Hash h = served.put(data);
        for (int at : new int[] {8 + 64 * 3 + 20, 100_000, 8 + 64 * 11 + 150_000}) {
            MemoryBlobs sink = new MemoryBlobs();
            Endpoint p = node(corrupting(at), TransportLimits.defaults());
            BlobDownloader d = new BlobDownloader(node(null, TransportLimits.defaults()), sink, null);
            assertThrows(BaoVerificationException.class, () -> d.fetch(p.addr(), GetRequest.blob(h)), "flip at " + at);
            assertEquals(List.of(h), sink.aborted);
            assertFalse(sink.complete.containsKey(h));
            for (MemoryBlobs.Piece piece : sink.pieces) {
                assertArrayEquals(Arrays.copyOfRange(data, (int) piece.offset(),
                        (int) piece.offset() + piece.bytes().length), piece.bytes(), "only verified bytes arrive");
            }
        }
    }

    @Test
    void aLyingSizeIsCaught() throws Exception {
        byte[] data = random(50_000, 14);
        Hash h = served.put(data);
        Endpoint p = node(s -> {
            BlobProtocol.readRequest(s.input());
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            new BlobProvider(served).respond(GetRequest.blob(h), buf);
            byte[] response = buf.toByteArray();
            response[0] += 1; // claims one byte more than the blob has
            s.output().write(response);
            s.finishOutput();
        }, TransportLimits.defaults());
        assertThrows(BaoException.class, () -> downloader().fetch(p.addr(), GetRequest.blob(h)));
        assertFalse(received.complete.containsKey(h));
    }

    @Test
    void bytesAfterTheResponseAreAnError() throws Exception {
        Hash h = served.put(random(3000, 15));
        Endpoint p = node(s -> {
            BlobRequest r = BlobProtocol.readRequest(s.input());
            new BlobProvider(served).respond(r, s.output());
            s.output().write(0);
            s.finishOutput();
        }, TransportLimits.defaults());
        assertThrows(BlobProtocolException.class, () -> downloader().fetch(p.addr(), GetRequest.blob(h)));
    }

    @Test
    void aStalledProviderTimesOut() throws Exception {
        Hash h = served.put(random(100_000, 16));
        CountDownLatch release = new CountDownLatch(1);
        Endpoint p = node(s -> {
            BlobProtocol.readRequest(s.input());
            s.output().write(new byte[] {(byte) 0xa0, (byte) 0x86, 1, 0, 0, 0, 0, 0}); // the size, then silence
            s.output().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, TransportLimits.defaults());
        BlobDownloader d = new BlobDownloader(node(null, TransportLimits.defaults()
                .withIdleTimeout(Duration.ofMillis(300))), received, null);
        try {
            assertThrows(StreamTimeoutException.class, () -> d.fetch(p.addr(), GetRequest.blob(h)));
            assertEquals(List.of(h), received.aborted);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aMalformedRequestResetsTheStream() throws Exception {
        Endpoint p = provider();
        Endpoint client = node(null, TransportLimits.defaults());
        try (PeerStream s = client.connect(p.addr(), BlobProtocol.ALPN)) {
            s.output().write(new byte[] {0, 1, 2});
            s.finishOutput();
            assertThrows(IOException.class, () -> s.input().readAllBytes());
        }
        // The provider still serves well-formed requests.
        Hash h = served.put(random(100, 17));
        new BlobDownloader(client, received, null).fetch(p.addr(), GetRequest.blob(h));
        assertArrayEquals(served.complete.get(h), received.complete.get(h));
    }
}
