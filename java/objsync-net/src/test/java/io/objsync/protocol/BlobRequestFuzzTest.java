package io.objsync.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the provider's request decoding: Get and GetMany with their {@code ChunkRangesSeq}, as
 * {@link BlobProtocol#readRequest} reads them from a stream.
 *
 * <p>Properties: only {@link BlobProtocolException}s escape ({@link MalformedRequestException},
 * {@link UnsupportedRequestException}; {@link RequestTooLargeException} needs more than a fuzz input); a
 * request's {@code encode()} is canonical: it decodes to an equal request, encodes to itself and is never longer
 * than the input; decoding allocates at most {@value #ALLOCATION_PER_BYTE} bytes per input byte plus
 * {@value #ALLOCATION_BASE} (counts and range lists are checked against the bytes left before anything is
 * sized).
 */
class BlobRequestFuzzTest {

    static final long ALLOCATION_BASE = 1 << 20;
    static final long ALLOCATION_PER_BYTE = 32;

    @FuzzTest
    void readRequest(byte[] input) throws Exception {
        BlobRequest[] request = new BlobRequest[1];
        try {
            AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length, "decoding a request",
                    () -> request[0] = BlobProtocol.readRequest(new ByteArrayInputStream(input)));
        } catch (BlobProtocolException e) {
            return;
        }
        byte[] canonical = request[0].encode();
        assertTrue(canonical.length <= input.length, "canonical form longer than the input");
        BlobRequest back = BlobProtocol.decodeRequest(canonical);
        assertEquals(request[0], back);
        assertArrayEquals(canonical, back.encode());
    }

    static Map<String, byte[]> seeds() {
        Hash a = Blake3.hash(new byte[] {1});
        Hash b = Blake3.hash(new byte[] {2});
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("get-blob", GetRequest.blob(a).encode());
        seeds.put("get-all", GetRequest.all(a).encode());
        seeds.put("get-range", GetRequest.ranges(a, ChunkRanges.fromBoundaries(3, 9, 20)).encode());
        seeds.put("get-children", GetRequest.of(a, ChunkRangesSeq.of(List.of(ChunkRanges.empty(),
                ChunkRanges.all(), ChunkRanges.lastChunk()))).encode());
        seeds.put("get-many", GetManyRequest.blobs(List.of(a, b)).encode());
        seeds.put("get-many-ranges", GetManyRequest.of(List.of(a, b, a), ChunkRangesSeq.ofInfinite(
                List.of(ChunkRanges.of(0, 2)))).encode());
        seeds.put("observe", new byte[] {1});
        return seeds;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(BlobRequestFuzzTest.class, "readRequest", seeds());
    }
}
