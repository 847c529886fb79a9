package io.objsync.protocol;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;
import io.objsync.internal.Varint;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GetMany (type 9): ranges of several unrelated blobs in one request, like a Get of a hash sequence the
 * requester supplies. Index {@code i} of the {@link ChunkRangesSeq} is {@code hashes().get(i)}. Immutable.
 *
 * <p>Bytes: {@code 09}, the number of hashes (varint), the 32-byte hashes, the {@code ChunkRangesSeq}.
 */
public final class GetManyRequest implements BlobRequest {

    /** The request-type byte. */
    public static final int TYPE = 9;

    private final List<Hash> hashes;
    private final ChunkRangesSeq ranges;

    private GetManyRequest(List<Hash> hashes, ChunkRangesSeq ranges) {
        this.hashes = hashes;
        this.ranges = ranges;
    }

    /** Ranges {@code ranges.get(i)} of {@code hashes.get(i)}. */
    public static GetManyRequest of(List<Hash> hashes, ChunkRangesSeq ranges) {
        return new GetManyRequest(List.copyOf(hashes), Objects.requireNonNull(ranges, "ranges"));
    }

    /** Every listed blob, whole. */
    public static GetManyRequest blobs(List<Hash> hashes) {
        List<ChunkRanges> all = new ArrayList<>();
        hashes.forEach(h -> all.add(ChunkRanges.all()));
        return of(hashes, ChunkRangesSeq.of(all));
    }

    /** The blobs asked for. */
    public List<Hash> hashes() {
        return hashes;
    }

    /** The ranges per index of {@link #hashes()}. */
    public ChunkRangesSeq ranges() {
        return ranges;
    }

    @Override
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + Hash.LENGTH * hashes.size());
        out.write(TYPE);
        Varint.write(hashes.size(), out);
        for (Hash h : hashes) {
            out.writeBytes(h.toBytes());
        }
        out.writeBytes(ranges.encode());
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GetManyRequest && hashes.equals(((GetManyRequest) o).hashes)
                && ranges.equals(((GetManyRequest) o).ranges);
    }

    @Override
    public int hashCode() {
        return 31 * hashes.hashCode() + ranges.hashCode();
    }

    @Override
    public String toString() {
        return "GetMany(" + hashes + ", " + ranges + ")";
    }
}
