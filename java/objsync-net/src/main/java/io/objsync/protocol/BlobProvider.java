package io.objsync.protocol;

import io.objsync.bao.BaoEncoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Serves Get and GetMany requests from a {@link BlobSource}: register it for {@link BlobProtocol#ALPN}.
 *
 * <p>The response holds, for each blob with a non-empty range in request order, its size and its BAO stream;
 * every node is verified against the blob's hash as it leaves (a damaged source resets the stream rather
 * than pass bad data on). At the first blob the source does not hold, or a "hash sequence" that is none, the
 * response ends cleanly there, as the reference ends the stream: the requester learns what is missing. A
 * malformed request resets the stream.
 */
public final class BlobProvider implements StreamHandler {

    /** The largest hash sequence read to serve its children: 32 MiB, a million children. */
    public static final int DEFAULT_MAX_HASH_SEQ_BYTES = 32 * 1024 * 1024;

    private final BlobSource source;
    private final int maxHashSeqBytes;

    /** A provider of {@code source}'s blobs. */
    public BlobProvider(BlobSource source) {
        this(source, DEFAULT_MAX_HASH_SEQ_BYTES);
    }

    /** A provider that reads hash sequences of at most {@code maxHashSeqBytes}. */
    public BlobProvider(BlobSource source, int maxHashSeqBytes) {
        this.source = Objects.requireNonNull(source, "source");
        this.maxHashSeqBytes = maxHashSeqBytes;
    }

    @Override
    public void handle(PeerStream stream) throws IOException {
        BlobRequest request = BlobProtocol.readRequest(stream.input());
        respond(request, stream.output());
        stream.finishOutput();
    }

    /**
     * Writes the response to {@code request} (not flushed or closed).
     *
     * @return the number of blobs sent; fewer than asked for when one is not held
     */
    public int respond(BlobRequest request, OutputStream out) throws IOException {
        if (request instanceof GetManyRequest) {
            GetManyRequest m = (GetManyRequest) request;
            return sendAll(m.hashes(), 0, m.ranges()::get, out);
        }
        GetRequest g = (GetRequest) request;
        int sent = 0;
        ChunkRanges rootRanges = g.ranges().get(0);
        BlobSource.Blob root = null;
        if (!rootRanges.isEmpty()) {
            root = source.get(g.hash());
            if (root == null) {
                return 0;
            }
            send(root, rootRanges, out);
            sent++;
        }
        if (!g.asksForChildren()) {
            return sent;
        }
        root = root != null ? root : source.get(g.hash());
        List<Hash> children = root == null ? null : children(root, g.hash());
        if (children == null) {
            return sent;
        }
        return sent + sendAll(children, 1, g.ranges()::get, out);
    }

    /** Ranges per request index. */
    private interface RangesAt {
        ChunkRanges get(long index);
    }

    /** Sends {@code hashes.get(i)} for ranges at index {@code i + offset}; stops at the first not held. */
    private int sendAll(List<Hash> hashes, int offset, RangesAt ranges, OutputStream out) throws IOException {
        int sent = 0;
        for (int i = 0; i < hashes.size(); i++) {
            ChunkRanges r = ranges.get(i + (long) offset);
            if (r.isEmpty()) {
                continue;
            }
            BlobSource.Blob b = source.get(hashes.get(i));
            if (b == null) {
                break;
            }
            send(b, r, out);
            sent++;
        }
        return sent;
    }

    private static void send(BlobSource.Blob b, ChunkRanges ranges, OutputStream out) throws IOException {
        SizePrefix.write(b.outboard().size(), out);
        BaoEncoder.encode(b.data(), b.outboard(), ranges, out);
    }

    /** The hashes a hash sequence lists, or null when the blob is too large or not a multiple of 32 bytes. */
    private List<Hash> children(BlobSource.Blob seq, Hash hash) throws IOException {
        long size = seq.data().size();
        if (size > maxHashSeqBytes || size % Hash.LENGTH != 0) {
            return null;
        }
        byte[] bytes = new byte[(int) size];
        seq.data().read(0, ByteBuffer.wrap(bytes));
        return BlobProtocol.hashSeq(bytes, hash);
    }
}
