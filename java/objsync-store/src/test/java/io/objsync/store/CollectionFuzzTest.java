package io.objsync.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a node reads from fetched blobs it did not write: hash sequences and collections (iroh-blobs'
 * formats). Byte 0 is the number {@code k} of hashes in the sequence, the next {@code 32 k} bytes (or fewer) the
 * sequence, the rest the metadata blob; when byte 0 is even the first hash is replaced by the metadata's hash,
 * so the fuzzer gets past that check to the names.
 *
 * <p>Properties: only {@link StoreException} escapes; a decoded collection writes back exactly the sequence
 * it was read from and a metadata blob that decodes to an equal collection (the canonical form: never longer);
 * decoding allocates at most {@value #ALLOCATION_PER_BYTE} bytes per input byte plus {@value #ALLOCATION_BASE}.
 */
class CollectionFuzzTest {

    static final long ALLOCATION_BASE = 1 << 20;
    static final long ALLOCATION_PER_BYTE = 32;

    static {
        Blake3.hash(new byte[1]); // load the hash backend before any allocation is measured
    }

    @FuzzTest
    void decodeCollection(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int k = input[0] & 0xFF;
        int seqEnd = Math.min(input.length, 1 + 32 * (k >>> 1));
        byte[] seq = Arrays.copyOfRange(input, 1, seqEnd);
        byte[] metadata = Arrays.copyOfRange(input, seqEnd, input.length);
        Hash metadataHash = Blake3.hash(metadata);
        if ((k & 1) == 0 && seq.length >= Hash.LENGTH) {
            System.arraycopy(metadataHash.toBytes(), 0, seq, 0, Hash.LENGTH);
        }
        Collection[] c = new Collection[1];
        try {
            AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length, "decoding a collection",
                    () -> c[0] = Collection.decode(seq, metadata, metadataHash));
        } catch (StoreException e) {
            return;
        }
        assertArrayEquals(seq, c[0].hashSeq(metadataHash));
        byte[] canonical = c[0].metadataBlob();
        assertEquals(c[0], Collection.decode(c[0].hashSeq(Blake3.hash(canonical)), canonical, Blake3.hash(canonical)));
        assertArrayEquals(canonical, Collection.decode(c[0].hashSeq(Blake3.hash(canonical)), canonical,
                Blake3.hash(canonical)).metadataBlob());
        assertTrue(canonical.length <= metadata.length, "canonical metadata longer than the input");
    }

    @FuzzTest
    void parseHashSeq(byte[] input) throws Exception {
        List<Hash> hashes;
        try {
            hashes = Collection.parseHashSeq(input);
        } catch (StoreException e) {
            assertTrue(input.length % Hash.LENGTH != 0);
            return;
        }
        assertEquals(input.length / Hash.LENGTH, hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(input, 32 * i, 32 * i + 32), hashes.get(i).toBytes());
        }
    }

    static Map<String, byte[]> collectionSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("two-files", seed(Collection.of(List.of(new Collection.Entry("a.txt", Blake3.hash(new byte[] {1})),
                new Collection.Entry("dir/b \u00e9.bin", Blake3.hash(new byte[] {2}))))));
        seeds.put("empty", seed(Collection.of(List.of())));
        return seeds;
    }

    private static byte[] seed(Collection c) {
        byte[] metadata = c.metadataBlob();
        byte[] seq = c.hashSeq(Blake3.hash(metadata));
        byte[] out = new byte[1 + seq.length + metadata.length];
        out[0] = (byte) (2 * (seq.length / Hash.LENGTH)); // even: the first hash is the metadata's anyway
        System.arraycopy(seq, 0, out, 1, seq.length);
        System.arraycopy(metadata, 0, out, 1 + seq.length, metadata.length);
        return out;
    }

    static Map<String, byte[]> hashSeqSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Collection c = Collection.of(List.of(new Collection.Entry("x", Blake3.hash(new byte[0]))));
        seeds.put("collection", c.hashSeq(Blake3.hash(c.metadataBlob())));
        return seeds;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(CollectionFuzzTest.class, "decodeCollection", collectionSeeds());
        FuzzSeeds.check(CollectionFuzzTest.class, "parseHashSeq", hashSeqSeeds());
    }
}
