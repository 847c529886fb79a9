package io.objsync.node;

import io.objsync.bao.BaoTruncatedException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.node.internal.HashSeqWindows;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.BlobProtocolException;
import io.objsync.protocol.BlobRequest;
import io.objsync.protocol.BlobUnavailableException;
import io.objsync.protocol.GetManyRequest;
import io.objsync.protocol.GetRequest;
import io.objsync.store.BlobStatus;
import io.objsync.store.BlobStore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One attempt to fetch from one provider into the store. It asks only for what the store lacks (so every attempt
 * resumes the last) and hands each blob's response to {@link BlobStore#receive}, which verifies every chunk group
 * before keeping it: bad data ends the attempt with the verified part kept and nothing else.
 */
final class BlobFetch {

    /** Progress and cancellation of one download, over all its attempts. */
    static final class Transfer {
        final DownloadListener listener;
        final Cancellation cancellation;
        long received;

        Transfer(DownloadListener listener, Cancellation cancellation) {
            this.listener = listener;
            this.cancellation = cancellation;
        }
    }

    /** Where a request's stream comes from: a new connection, or one opened earlier. */
    interface Opener {
        /** The stream to send the request on; the caller closes it. */
        PeerStream open() throws IOException;

        /** Called instead of {@link #open()} when no request is sent: frees a stream opened ahead. */
        default void discard() {
        }
    }

    /** Children asked for in one Get of a hash sequence's children (2 MiB of the sequence, ~7 MiB of lists). */
    static final int CHILDREN_PER_REQUEST = 64 * 1024;

    /** Providers remembered as lacking GetMany; the least recently used is forgotten beyond this. */
    static final int GET_ONLY_PROVIDERS = 4096;

    private final Endpoint endpoint;
    private final BlobStore store;
    private final int childrenPerRequest;
    /**
     * Providers that answered a GetMany with nothing at all while a Get of its first blob brought data: iroh 0.35
     * has no GetMany (it ends the response at once). They get one Get per blob from then on. Bounded, so a
     * stream of distinct peers cannot grow it; a forgotten one costs one empty GetMany again.
     */
    private final Set<NodeId> getOnly = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<NodeId, Boolean>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<NodeId, Boolean> eldest) {
                    return size() > GET_ONLY_PROVIDERS;
                }
            }));

    BlobFetch(Endpoint endpoint, BlobStore store) {
        this(endpoint, store, CHILDREN_PER_REQUEST);
    }

    /** With another number of children per request (tests: several requests without 64Ki blobs). */
    BlobFetch(Endpoint endpoint, BlobStore store, int childrenPerRequest) {
        if (childrenPerRequest < 1) {
            throw new IllegalArgumentException("childrenPerRequest must be positive");
        }
        this.endpoint = endpoint;
        this.store = store;
        this.childrenPerRequest = childrenPerRequest;
    }

    /** Fetches the chunks of {@code want} the store lacks of blob {@code hash}. */
    void blob(NodeAddr provider, Hash hash, ChunkRanges want, Transfer t) throws IOException {
        ChunkRanges missing = missing(hash, want);
        if (!missing.isEmpty()) {
            exchange(dial(provider), GetRequest.ranges(hash, missing), List.of(hash), List.of(missing), t);
        }
    }

    /**
     * Fetches what the store lacks of the blobs a complete hash sequence lists: one Get per
     * {@link #childrenPerRequest} children, each asking only for that window's missing chunks, so neither the
     * request nor this side's lists grow with the sequence (a 10^6-child sequence is 32 MB).
     */
    void children(NodeAddr provider, Hash seq, Transfer t) throws IOException {
        HashSeqWindows listed = listed(seq);
        for (long first = 0; first < listed.count(); first += childrenPerRequest) {
            long end = Math.min(listed.count(), first + childrenPerRequest);
            List<Hash> order = new ArrayList<>();
            List<ChunkRanges> ranges = new ArrayList<>();
            boolean any = false;
            for (long w = first; w < end; w += HashSeqWindows.WINDOW) {
                List<Hash> window = listed.window(w);
                for (Hash c : window.subList(0, (int) Math.min(window.size(), end - w))) {
                    ChunkRanges m = missing(c, ChunkRanges.all());
                    any |= !m.isEmpty();
                    order.add(c);
                    ranges.add(m);
                }
            }
            if (any) {
                // index 0 is the sequence itself (held whole): children start at index 1
                exchange(dial(provider), GetRequest.of(seq, ChunkRangesSeq.of(first + 1, ranges)), order, ranges, t);
            }
        }
    }

    /** Fetches what the store lacks of {@code hashes} in one GetMany request (see the stream variant). */
    void many(NodeAddr provider, List<Hash> hashes, Transfer t) throws IOException {
        many(provider, dial(provider), hashes, t);
    }

    /** A new connection to {@code provider} for the blob protocol, per request. */
    Opener dial(NodeAddr provider) {
        return () -> endpoint.connect(provider, BlobProtocol.ALPN);
    }

    /**
     * Fetches what the store lacks of {@code hashes} from {@code provider}, the first request over the stream
     * {@code opener} gives (which this call closes; for a stream opened ahead of time). One GetMany, in order,
     * stopping at the first blob the provider cannot send; for a provider without GetMany (it answered one with
     * nothing, then a Get with data) one Get per blob, stopping the same way.
     */
    void many(NodeAddr provider, Opener opener, List<Hash> hashes, Transfer t) throws IOException {
        List<Hash> wanted = new ArrayList<>();
        List<ChunkRanges> ranges = new ArrayList<>();
        for (Hash h : hashes) {
            ChunkRanges m = missing(h, ChunkRanges.all());
            if (!m.isEmpty()) {
                wanted.add(h);
                ranges.add(m);
            }
        }
        if (wanted.isEmpty()) {
            opener.discard();
            return;
        }
        if (getOnly.contains(provider.nodeId())) {
            eachByGet(provider, opener, wanted, ranges, t);
            return;
        }
        long before = t.received;
        try {
            exchange(opener, GetManyRequest.of(wanted, ChunkRangesSeq.of(ranges)), wanted, ranges, t);
        } catch (BlobUnavailableException e) {
            if (t.received != before) {
                throw e; // it sent some blobs, then lacked one: GetMany works there
            }
            try {
                exchange(dial(provider), GetRequest.ranges(wanted.get(0), ranges.get(0)), wanted.subList(0, 1),
                        ranges.subList(0, 1), t);
            } catch (BlobUnavailableException lacks) {
                throw e; // nothing by Get either: it lacks the first blob, GetMany or not
            }
            rememberGetOnly(provider.nodeId());
            eachByGet(provider, dial(provider), wanted.subList(1, wanted.size()), ranges.subList(1, ranges.size()), t);
        }
    }

    /** Whether {@code provider} is remembered as answering GetMany with nothing. */
    boolean getOnly(NodeId provider) {
        return getOnly.contains(provider);
    }

    /** Remembers {@code provider} as lacking GetMany, forgetting the least recently used beyond the bound. */
    void rememberGetOnly(NodeId provider) {
        getOnly.add(provider);
    }

    /** How many providers are remembered as lacking GetMany (at most {@link #GET_ONLY_PROVIDERS}). */
    int getOnlyCount() {
        return getOnly.size();
    }

    private void eachByGet(NodeAddr provider, Opener first, List<Hash> wanted, List<ChunkRanges> ranges,
                           Transfer t) throws IOException {
        Opener opener = first;
        for (int i = 0; i < wanted.size(); i++) {
            exchange(opener, GetRequest.ranges(wanted.get(i), ranges.get(i)), wanted.subList(i, i + 1),
                    ranges.subList(i, i + 1), t);
            opener = dial(provider);
        }
        if (wanted.isEmpty()) {
            first.discard();
        }
    }

    /** The blobs a hash sequence held whole in the store lists, readable a window at a time. */
    HashSeqWindows listed(Hash seq) throws IOException {
        Optional<BlobStatus> s = store.status(seq);
        if (s.isEmpty() || !s.get().isComplete()) {
            throw new BlobUnavailableException("hash sequence " + seq + " is not complete in the store");
        }
        return HashSeqWindows.open(store, seq).orElseThrow(() -> new BlobProtocolException(
                "blob " + seq + " of " + s.get().size() + " bytes is no hash sequence"));
    }

    /**
     * The chunks of {@code want} the store lacks. While a partial blob's size is only claimed, everything past the
     * claim is wanted too, so a provider that claimed too little cannot make the blob look complete.
     */
    ChunkRanges missing(Hash hash, ChunkRanges want) throws IOException {
        Optional<BlobStatus> s = store.status(hash);
        if (s.isEmpty()) {
            return want;
        }
        if (s.get().isComplete()) {
            return ChunkRanges.empty();
        }
        ChunkRanges lacking = s.get().missing();
        if (!s.get().isSizeVerified()) {
            lacking = lacking.union(ChunkRanges.from(chunks(s.get().size())));
        }
        return lacking.intersection(want);
    }

    static long chunks(long size) {
        return size == 0 ? 1 : (size - 1) / ChunkRanges.CHUNK_LEN + 1;
    }

    /** Sends {@code request}, then receives the blobs {@code order} with non-empty {@code ranges}, in order. */
    private void exchange(Opener opener, BlobRequest request, List<Hash> order, List<ChunkRanges> ranges,
                          Transfer t) throws IOException {
        if (t.cancellation.isCancelled()) {
            opener.discard();
            t.cancellation.check();
        }
        try (PeerStream s = opener.open()) {
            t.cancellation.attach(s);
            s.output().write(request.encode());
            s.finishOutput();
            PushbackInputStream in = new PushbackInputStream(new Counted(s.input(), t), SizePrefix.LENGTH);
            for (int i = 0; i < order.size(); i++) {
                if (ranges.get(i).isEmpty()) {
                    continue;
                }
                Hash h = order.get(i);
                t.listener.onBlob(h, peekSize(in, h));
                store.receive(h, ranges.get(i), in);
            }
            if (in.read() >= 0) {
                throw new BlobProtocolException("the provider sent bytes after the end of the response");
            }
        } catch (IOException e) {
            t.cancellation.check(); // a cut stream fails somewhere; report the cancellation instead
            throw e;
        } finally {
            t.cancellation.detach();
        }
    }

    /** The size prefix of the next blob, left in the stream; a clean end there means the provider lacks it. */
    private static long peekSize(PushbackInputStream in, Hash hash) throws IOException {
        byte[] prefix = in.readNBytes(SizePrefix.LENGTH);
        if (prefix.length == 0) {
            throw new BlobUnavailableException("the provider ended the response before blob " + hash);
        }
        if (prefix.length < SizePrefix.LENGTH) {
            throw new BaoTruncatedException("response ends inside the size of blob " + hash, prefix.length);
        }
        in.unread(prefix);
        return SizePrefix.decode(ByteBuffer.wrap(prefix));
    }

    /** Counts bytes into the transfer and stops reading once it is cancelled. */
    private static final class Counted extends FilterInputStream {
        private final Transfer t;

        Counted(InputStream in, Transfer t) {
            super(in);
            this.t = t;
        }

        @Override
        public int read() throws IOException {
            t.cancellation.check();
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            t.cancellation.check();
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n > 0) {
                t.received += n;
                t.listener.onBytes(t.received);
            }
        }
    }
}
