package io.objsync.node;

import io.objsync.docs.DocStore;
import io.objsync.docs.InsertEvent;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.Subscription;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.docs.sync.SyncOutcome;
import io.objsync.docs.sync.SyncProtocolException;
import io.objsync.docs.sync.SyncSession;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;
import io.objsync.node.internal.PeerDuplex;
import io.objsync.store.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Document sync over the transport: the {@code /iroh-sync/1} handler (with the serve policy) and the dialing side,
 * each followed by fetching the content of the entries the peer sent from that peer's blob store.
 */
final class DocSyncService implements StreamHandler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DocSyncService.class.getName());
    /** Remote inserts remembered per session before falling back to scanning the replica. */
    private static final int EVENT_CAPACITY = 64 * 1024;
    /** Hashes asked for in one GetMany request. */
    private static final int CONTENT_BATCH = 1024;

    private final DocStore docs;
    private final BlobStore blobs;
    private final BlobFetch fetch;
    private final DocServePolicy policy;
    private final SyncConfig config;
    private final Endpoint endpoint;
    /** Addresses of peers we dialled, so content can be fetched from peers that later dial us. */
    private final Map<NodeId, NodeAddr> known = new ConcurrentHashMap<>();
    /** Opens content streams while reconciliation runs: one thread per sync in flight, idle ones expire. */
    private final ExecutorService connector = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "objsync-content-connect");
        t.setDaemon(true);
        return t;
    });

    DocSyncService(Endpoint endpoint, DocStore docs, BlobStore blobs, BlobFetch fetch, DocServePolicy policy,
                   SyncConfig config) {
        this.endpoint = endpoint;
        this.docs = docs;
        this.blobs = blobs;
        this.fetch = fetch;
        this.policy = policy;
        this.config = config;
    }

    /**
     * Reconciles {@code replica} with {@code peer} as the dialing side, then fetches new content from it. The
     * content stream's connection is set up on another thread while reconciliation runs, so the fetch does not
     * wait for a second handshake; when nothing new arrived that stream is dropped unused.
     */
    DocSyncResult sync(Replica replica, NodeAddr peer) throws IOException {
        known.put(peer.nodeId(), peer);
        try (Subscription events = replica.subscribe(EVENT_CAPACITY);
             PeerStream s = endpoint.connect(peer, Alpn.DOCS);
             StreamAhead content = StreamAhead.start(fetch.dial(peer), connector)) {
            SyncOutcome outcome = SyncSession.initiate(replica, new PeerDuplex(s), config);
            s.close();
            return fetchContent(outcome, newContent(replica, events), peer, content);
        }
    }

    /** Stops the threads that open content streams ahead. */
    @Override
    public void close() {
        connector.shutdownNow();
    }

    @Override
    public void handle(PeerStream stream) throws IOException {
        byte[] first = SyncCodec.readFrame(stream.input(), config.maxFrameBytes());
        if (first == null) {
            return;
        }
        Frame f = SyncCodec.decode(first);
        if (f instanceof Frame.Init init && !policy.serves(init.namespace(), stream.peer())) {
            SyncCodec.writeFrame(stream.output(), SyncCodec.encode(new Frame.Abort(Frame.AbortReason.NOT_FOUND)));
            stream.finishOutput();
            return;
        }
        InputStream replay = new SequenceInputStream(new ByteArrayInputStream(framed(first)), stream.input());
        Replica replica = f instanceof Frame.Init init ? docs.find(init.namespace()).orElse(null) : null;
        Subscription events = replica == null ? null : replica.subscribe(EVENT_CAPACITY);
        try {
            SyncOutcome outcome = SyncSession.accept(docs, new PeerDuplex(stream, replay), config);
            if (replica != null && outcome.inserted() > 0) {
                NodeAddr peer = known.getOrDefault(stream.peer(), NodeAddr.of(stream.peer()));
                fetchContent(outcome, newContent(replica, events), peer, fetch.dial(peer));
            }
        } catch (SyncProtocolException e) {
            if (e.reason() != SyncProtocolException.Reason.NOT_FOUND) {
                throw e;
            }
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    private static byte[] framed(byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 4);
        SyncCodec.writeFrame(b, payload);
        return b.toByteArray();
    }

    /** Content hashes of the remote inserts, or of every entry when more arrived than the queue holds. */
    private Set<Hash> newContent(Replica replica, Subscription events) throws IOException {
        Set<Hash> out = new LinkedHashSet<>();
        try {
            for (InsertEvent e = events.poll(0, TimeUnit.SECONDS); e != null; e = events.poll(0, TimeUnit.SECONDS)) {
                if (e.remote()) {
                    addIfMissing(e.entry(), out);
                }
            }
            return out;
        } catch (Subscription.LaggedException lagged) {
            for (SignedEntry e : replica.query(Query.all())) {
                addIfMissing(e, out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while collecting new entries", e);
        }
    }

    private void addIfMissing(SignedEntry e, Set<Hash> out) throws IOException {
        if (!e.record().isEmpty() && !blobs.has(e.record().hash())) {
            out.add(e.record().hash());
        }
    }

    /** Fetches {@code wanted} from {@code peer}, the first batch over the stream {@code first} gives. */
    private DocSyncResult fetchContent(SyncOutcome outcome, Set<Hash> wanted, NodeAddr peer, BlobFetch.Opener first)
            throws IOException {
        BlobFetch.Opener next = first;
        List<Hash> pending = new ArrayList<>(wanted);
        List<Hash> missing = new ArrayList<>();
        BlobFetch.Transfer t = new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create());
        while (!pending.isEmpty()) {
            List<Hash> batch = List.copyOf(pending.subList(0, Math.min(pending.size(), CONTENT_BATCH)));
            boolean failed = false;
            try {
                fetch.many(next, batch, t);
            } catch (IOException e) {
                LOG.log(Level.FINE, e, () -> "content from " + peer.nodeId().shortForm() + " incomplete");
                failed = true;
            }
            next = fetch.dial(peer);
            int before = pending.size();
            pending.removeIf(this::held);
            // the response stops at the first blob the peer cannot send: give that one up, go on with the rest
            if ((failed || pending.size() == before) && !pending.isEmpty()) {
                missing.add(pending.remove(0));
            }
        }
        int fetched = 0;
        for (Hash h : wanted) {
            if (held(h)) {
                Node.keepContent(blobs, h);
                fetched++;
            }
        }
        return new DocSyncResult(outcome, fetched, missing);
    }

    private boolean held(Hash h) {
        try {
            return blobs.has(h);
        } catch (IOException e) {
            return false;
        }
    }
}
