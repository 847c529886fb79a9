package io.objsync.node.internal;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.BlobRequest;
import io.objsync.protocol.GetManyRequest;
import io.objsync.protocol.GetRequest;
import io.objsync.store.BlobNotFoundException;
import io.objsync.store.BlobStore;
import io.objsync.store.RangeNotAvailableException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Serves {@code /iroh-bytes/4} from a {@link BlobStore}: complete blobs, and of partial blobs the ranges they
 * hold whole (a node passes on what it has verified so far). The store verifies every node as it leaves. At
 * the first blob (or range) not held the response ends there, as the reference does, so the requester learns
 * what is missing.
 */
public final class StoreBlobProvider implements StreamHandler {

    private final BlobStore store;
    private final Duration requestTimeout;

    /** Serves {@code store}'s blobs to requests that arrive whole within {@code requestTimeout}. */
    public StoreBlobProvider(BlobStore store, Duration requestTimeout) {
        this.store = store;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void handle(PeerStream stream) throws IOException {
        BlobRequest request = BlobProtocol.readRequest(stream.input(), requestTimeout);
        OutputStream out = new BufferedOutputStream(stream.output(), 64 * 1024);
        respond(request, out);
        out.flush();
        stream.finishOutput();
    }

    private void respond(BlobRequest request, OutputStream out) throws IOException {
        if (request instanceof GetManyRequest many) {
            List<Hash> hashes = many.hashes();
            for (int i = 0; i < hashes.size(); i++) {
                if (!serve(hashes.get(i), many.ranges().get(i), out)) {
                    return;
                }
            }
            return;
        }
        GetRequest get = (GetRequest) request;
        if (!serve(get.hash(), get.ranges().get(0), out) || !get.asksForChildren()) {
            return;
        }
        serveChildren(get, out);
    }

    /**
     * Sends the children a complete hash sequence lists, reading it a window at a time (memory per request does
     * not grow with the sequence). Nothing when the sequence is not held whole or is no hash sequence.
     */
    private void serveChildren(GetRequest get, OutputStream out) throws IOException {
        Optional<HashSeqWindows> seq = HashSeqWindows.open(store, get.hash());
        if (seq.isEmpty()) {
            return;
        }
        for (long first = 0; first < seq.get().count(); first += HashSeqWindows.WINDOW) {
            List<Hash> window = seq.get().window(first);
            for (int i = 0; i < window.size(); i++) {
                if (!serve(window.get(i), get.ranges().get(first + i + 1), out)) {
                    return;
                }
            }
        }
    }

    /** Sends one blob's ranges; false when they are not held (nothing was written). Empty ranges send nothing. */
    private boolean serve(Hash hash, ChunkRanges ranges, OutputStream out) throws IOException {
        if (ranges.isEmpty()) {
            return true;
        }
        try {
            store.serve(hash, ranges, out);
            return true;
        } catch (BlobNotFoundException | RangeNotAvailableException notHeld) {
            return false;
        }
    }
}
