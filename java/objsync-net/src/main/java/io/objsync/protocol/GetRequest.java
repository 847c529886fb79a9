package io.objsync.protocol;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;

import java.util.List;
import java.util.Objects;

/**
 * Get (type 0): chunk ranges of a blob, or of a hash sequence and its children. Index 0 of the
 * {@link ChunkRangesSeq} is the blob (or hash sequence) itself, index {@code i} its child {@code i - 1}.
 * Immutable.
 *
 * <p>Bytes: {@code 00}, the 32-byte hash, the {@code ChunkRangesSeq}; e.g. {@link #blob(Hash)} is
 * {@code 00 | hash | 02 00 01 00 01 00} and {@link #all(Hash)} is {@code 00 | hash | 01 00 01 00}.
 */
public final class GetRequest implements BlobRequest {

    /** The request-type byte. */
    public static final int TYPE = 0;

    private final Hash hash;
    private final ChunkRangesSeq ranges;

    private GetRequest(Hash hash, ChunkRangesSeq ranges) {
        this.hash = hash;
        this.ranges = ranges;
    }

    /** Any ranges of {@code hash} and, for a hash sequence, its children. */
    public static GetRequest of(Hash hash, ChunkRangesSeq ranges) {
        return new GetRequest(Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(ranges, "ranges"));
    }

    /** The whole blob. */
    public static GetRequest blob(Hash hash) {
        return of(hash, ChunkRangesSeq.blob());
    }

    /** Some chunks of one blob (see {@link ChunkRanges#fromByteRange(long, long)} for byte ranges). */
    public static GetRequest ranges(Hash hash, ChunkRanges ranges) {
        return of(hash, ChunkRangesSeq.of(List.of(ranges)));
    }

    /** A hash sequence and every blob it lists, whole. */
    public static GetRequest all(Hash hash) {
        return of(hash, ChunkRangesSeq.all());
    }

    /** The blob or hash sequence asked for. */
    public Hash hash() {
        return hash;
    }

    /** The ranges per index. */
    public ChunkRangesSeq ranges() {
        return ranges;
    }

    /** Whether anything past index 0 is asked for, so that {@link #hash()} is read as a hash sequence. */
    public boolean asksForChildren() {
        return !ranges.equals(ChunkRangesSeq.of(List.of(ranges.get(0))));
    }

    @Override
    public byte[] encode() {
        byte[] seq = ranges.encode();
        byte[] out = new byte[1 + Hash.LENGTH + seq.length];
        out[0] = TYPE;
        System.arraycopy(hash.toBytes(), 0, out, 1, Hash.LENGTH);
        System.arraycopy(seq, 0, out, 1 + Hash.LENGTH, seq.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GetRequest && hash.equals(((GetRequest) o).hash) && ranges.equals(((GetRequest) o).ranges);
    }

    @Override
    public int hashCode() {
        return 31 * hash.hashCode() + ranges.hashCode();
    }

    @Override
    public String toString() {
        return "Get(" + hash + ", " + ranges + ")";
    }
}
