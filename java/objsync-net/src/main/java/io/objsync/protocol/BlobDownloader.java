package io.objsync.protocol;

import io.objsync.bao.BaoDecoder;
import io.objsync.bao.BaoTruncatedException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.PeerStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Fetches blobs, byte ranges and hash sequences from a provider, verifying every node against the requested
 * hashes before a byte reaches the {@link BlobSink}.
 *
 * <p>For a Get that asks for children, the hash sequence comes from the response when index 0 asks for all of
 * it, else from the {@code local} source (the state a resumed download starts from). A response that fails
 * verification, ends early or carries extra bytes ends the download with a typed exception
 * ({@link io.objsync.bao.BaoVerificationException}, {@link BlobUnavailableException},
 * {@link io.objsync.bao.BaoTruncatedException}, {@link BlobProtocolException}) and the blob in progress is
 * {@linkplain BlobSink.Writer#abort(IOException) aborted}. Timeouts are the transport's.
 */
public final class BlobDownloader {

    private final Endpoint endpoint;
    private final BlobSink sink;
    private final BlobSource local;
    private final int maxHashSeqBytes;

    /**
     * A downloader dialling through {@code endpoint} into {@code sink}.
     *
     * @param local where hash sequences not fetched whole are read from; may be null
     */
    public BlobDownloader(Endpoint endpoint, BlobSink sink, BlobSource local) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.local = local;
        this.maxHashSeqBytes = BlobProvider.DEFAULT_MAX_HASH_SEQ_BYTES;
    }

    /** Sends {@code request} to {@code provider} on a new stream and receives the response. */
    public DownloadStats fetch(NodeAddr provider, BlobRequest request) throws IOException {
        byte[] wire = request.encode();
        if (wire.length > BlobProtocol.MAX_REQUEST_BYTES) {
            throw new RequestTooLargeException("request of " + wire.length + " bytes is over the limit of "
                    + BlobProtocol.MAX_REQUEST_BYTES);
        }
        try (PeerStream s = endpoint.connect(provider, BlobProtocol.ALPN)) {
            s.output().write(wire);
            s.finishOutput();
            return receive(request, s.input());
        }
    }

    /** Reads and verifies the response to {@code request} from {@code in}, up to its end. */
    public DownloadStats receive(BlobRequest request, InputStream in) throws IOException {
        Counting counted = new Counting(in);
        Totals totals = new Totals();
        if (request instanceof GetManyRequest) {
            GetManyRequest m = (GetManyRequest) request;
            for (int i = 0; i < m.hashes().size(); i++) {
                receiveBlob(m.hashes().get(i), m.ranges().get(i), counted, null, totals);
            }
        } else {
            GetRequest g = (GetRequest) request;
            ChunkRanges rootRanges = g.ranges().get(0);
            boolean children = g.asksForChildren();
            byte[][] seq = {null};
            if (!rootRanges.isEmpty()) {
                receiveBlob(g.hash(), rootRanges, counted, children && rootRanges.isAll() ? seq : null, totals);
            }
            if (children) {
                List<Hash> list = BlobProtocol.hashSeq(seq[0] != null ? seq[0] : localHashSeq(g.hash()), g.hash());
                for (int i = 0; i < list.size(); i++) {
                    receiveBlob(list.get(i), g.ranges().get(i + 1L), counted, null, totals);
                }
            }
        }
        if (counted.read() >= 0) {
            throw new BlobProtocolException("the provider sent bytes after the end of the response");
        }
        return new DownloadStats(totals.blobs, totals.bytes, counted.count);
    }

    private static final class Totals {
        int blobs;
        long bytes;
    }

    /** Receives one blob; with {@code capture} non-null, also keeps its bytes (a hash sequence) in capture[0]. */
    private void receiveBlob(Hash hash, ChunkRanges ranges, InputStream in, byte[][] capture, Totals totals)
            throws IOException {
        if (ranges.isEmpty()) {
            return;
        }
        byte[] prefix = in.readNBytes(SizePrefix.LENGTH);
        if (prefix.length == 0) {
            throw new BlobUnavailableException("the provider ended the response before blob " + hash);
        }
        if (prefix.length < SizePrefix.LENGTH) {
            throw new BaoTruncatedException("response ends inside the size of blob " + hash, prefix.length);
        }
        long size = SizePrefix.decode(ByteBuffer.wrap(prefix));
        if (capture != null) {
            if (size > maxHashSeqBytes || size % Hash.LENGTH != 0) {
                throw new BlobProtocolException("hash sequence " + hash + " claims " + size
                        + " bytes: not a multiple of 32 or over " + maxHashSeqBytes);
            }
            capture[0] = new byte[(int) size];
        }
        BlobSink.Writer writer = sink.begin(hash, size);
        BaoDecoder decoder = BaoDecoder.create(hash, size, ranges, new BaoDecoder.Listener() {
            @Override
            public void onData(long offset, ByteBuffer data) throws IOException {
                totals.bytes += data.remaining();
                if (capture != null) {
                    data.duplicate().get(capture[0], (int) offset, data.remaining());
                }
                writer.data(offset, data);
            }

            @Override
            public void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair)
                    throws IOException {
                writer.outboardPair(outboardIndex, pair);
            }
        });
        try {
            decoder.readFrom(in);
        } catch (IOException e) {
            writer.abort(e);
            if (capture != null) {
                capture[0] = null;
            }
            throw e;
        }
        writer.complete(size, decoder.isSizeVerified());
        totals.blobs++;
    }

    private byte[] localHashSeq(Hash hash) throws IOException {
        BlobSource.Blob b = local == null ? null : local.get(hash);
        if (b == null) {
            throw new BlobProtocolException("the request asks for children of " + hash
                    + " without fetching the hash sequence whole, and it is not held locally");
        }
        long size = b.data().size();
        if (size > maxHashSeqBytes) {
            throw new BlobProtocolException("hash sequence " + hash + " of " + size + " bytes is over "
                    + maxHashSeqBytes);
        }
        byte[] bytes = new byte[(int) size];
        b.data().read(0, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Counts the bytes read. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }
}
