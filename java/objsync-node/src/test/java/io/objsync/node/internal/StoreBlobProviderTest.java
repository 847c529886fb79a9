package io.objsync.node.internal;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.protocol.GetRequest;
import io.objsync.store.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider's memory does not follow what a request names: a hash sequence of 10^6 children. */
class StoreBlobProviderTest {
    @TempDir
    Path dir;

    /** A stream that reads {@code request} and collects the response. */
    record Recorded(byte[] request, ByteArrayOutputStream response) implements PeerStream {
        private static final NodeId PEER = NodeKey.generate().nodeId();

        @Override
        public NodeId peer() {
            return PEER;
        }

        @Override
        public String alpn() {
            return io.objsync.protocol.BlobProtocol.ALPN;
        }

        @Override
        public InputStream input() {
            return new ByteArrayInputStream(request);
        }

        @Override
        public OutputStream output() {
            return response;
        }

        @Override
        public void finishOutput() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aMillionChildrenAreServedWithoutHoldingTheirList() throws IOException {
        int children = 1_000_000;
        byte[] seq = new byte[children * Hash.LENGTH];
        new Random(1).nextBytes(seq);
        byte[] first = new byte[5000];
        byte[] second = new byte[7000];
        new Random(2).nextBytes(first);
        new Random(3).nextBytes(second);
        try (BlobStore store = BlobStore.open(dir)) {
            // the first two children are held, the third is not: the response carries two blobs, then ends
            System.arraycopy(store.add(first).hash().toBytes(), 0, seq, 0, Hash.LENGTH);
            System.arraycopy(store.add(second).hash().toBytes(), 0, seq, Hash.LENGTH, Hash.LENGTH);
            Hash seqHash = store.add(seq).hash();
            byte[] request = GetRequest.of(seqHash,
                    ChunkRangesSeq.ofInfinite(List.of(ChunkRanges.empty(), ChunkRanges.all()))).encode();
            Recorded stream = new Recorded(request, new ByteArrayOutputStream());
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            new StoreBlobProvider(store, java.time.Duration.ofSeconds(30)).handle(stream);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // each child: an 8-byte size and its data (one chunk group: no outboard pairs)
            assertEquals(8 + first.length + 8 + second.length, stream.response().size());
            // before: the whole 32 MB sequence read at once and 10^6 Hash objects, about 100 MB per request
            assertTrue(allocated < 8 << 20, allocated + " bytes allocated to serve two children");
        }
    }
}
