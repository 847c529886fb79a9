package io.objsync.node;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.StreamHandler;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.BlobRequest;
import io.objsync.protocol.BlobUnavailableException;
import io.objsync.protocol.GetRequest;
import io.objsync.node.internal.StoreBlobProvider;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStore;
import io.objsync.store.TempPin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hash sequence's children are fetched a window of requests at a time, never listed whole. */
class HashSeqDownloadTest {
    @TempDir
    Path dir;

    private final MemoryNetwork net = MemoryNetwork.create();

    @Test
    void childrenArriveOneGetPerWindowAskingOnlyForWhatIsMissing() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        try (BlobStore theirs = BlobStore.open(dir.resolve("theirs"));
             BlobStore ours = BlobStore.open(dir.resolve("ours"))) {
            List<byte[]> data = new ArrayList<>();
            byte[] seq = new byte[10 * Hash.LENGTH];
            for (int i = 0; i < 10; i++) {
                data.add(NodeTest.random(20_000 + i, 100 + i));
                System.arraycopy(theirs.add(data.get(i)).hash().toBytes(), 0, seq, i * Hash.LENGTH, Hash.LENGTH);
            }
            Hash seqHash = theirs.add(seq).hash();
            // children 3, 4 and 5 (the second window of three) are already here: that window sends no request
            for (int i = 3; i < 6; i++) {
                ours.add(data.get(i)).close();
            }
            StreamHandler provider = new StoreBlobProvider(theirs, Duration.ofSeconds(30));
            try (Endpoint server = net.bind(NodeKey.generate(), Map.of(Alpn.BLOBS, s -> {
                     requests.incrementAndGet();
                     provider.handle(s);
                 }));
                 Endpoint client = net.bind(NodeKey.generate(), Map.of());
                 TempPin pin = ours.pin(seqHash, BlobFormat.HASH_SEQ)) {
                BlobFetch fetch = new BlobFetch(client, ours, 3);
                BlobFetch.Transfer t = new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create());
                fetch.blob(server.addr(), seqHash, ChunkRanges.all(), t);
                assertEquals(1, requests.get());
                fetch.children(server.addr(), seqHash, t);
                // windows [0,3) [3,6) [6,9) [9,10): the second is held, so three Gets
                assertEquals(4, requests.get());
                for (int i = 0; i < 10; i++) {
                    Hash h = Hash.of(seq, i * Hash.LENGTH);
                    assertArrayEquals(data.get(i), ours.read(h, 0, data.get(i).length), "child " + i);
                }
            }
        }
    }

    @Test
    void aMillionChildSequenceIsAskedForAWindowAtATime() throws IOException {
        int children = 1_000_000;
        byte[] seq = new byte[children * Hash.LENGTH];
        new Random(7).nextBytes(seq); // children nobody holds
        List<BlobRequest> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (BlobStore ours = BlobStore.open(dir.resolve("ours"));
             TempPin pin = ours.add(seq);
             // a provider that lacks every child: it records the request and ends the stream
             Endpoint server = net.bind(NodeKey.generate(), Map.of(Alpn.BLOBS,
                     s -> {
                         seen.add(BlobProtocol.readRequest(s.input(), Duration.ofSeconds(30)));
                         s.finishOutput();
                     }));
             Endpoint client = net.bind(NodeKey.generate(), Map.of())) {
            BlobFetch fetch = new BlobFetch(client, ours);
            BlobFetch.Transfer t = new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create());
            assertThrows(BlobUnavailableException.class, () -> fetch.children(server.addr(), pin.hash(), t));
            // listed whole, the one request named all 10^6 children (and this side held a 32 MB array and 10^6
            // Hash objects, ~100 MB, before sending it); now it names the first window, and the provider's
            // refusal ends the attempt there
            assertEquals(1, seen.size());
            GetRequest get = (GetRequest) seen.get(0);
            assertEquals(pin.hash(), get.hash());
            assertEquals(ChunkRanges.empty(), get.ranges().get(0));
            assertEquals(ChunkRanges.all(), get.ranges().get(1));
            assertEquals(ChunkRanges.all(), get.ranges().get(BlobFetch.CHILDREN_PER_REQUEST));
            assertEquals(ChunkRanges.empty(), get.ranges().get(BlobFetch.CHILDREN_PER_REQUEST + 1));
        }
    }
}
