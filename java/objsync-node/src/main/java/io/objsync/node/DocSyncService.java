package io.objsync.node;

import io.objsync.docs.DocStore;
import io.objsync.docs.InsertEvent;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.Subscription;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.FrameBudget;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.docs.sync.SyncOutcome;
import io.objsync.docs.sync.SyncProtocolException;
import io.objsync.docs.sync.SyncSession;
import io.objsync.docs.sync.internal.TimedInput;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.ConnectionClosedException;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamHandler;
import io.objsync.node.internal.PeerDuplex;
import io.objsync.node.internal.SyncSessions;
import io.objsync.node.internal.WantedContent;
import io.objsync.store.BlobStatus;
import io.objsync.store.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Retries of a dial the peer declined as already syncing (it dialled us at the same moment). */
    private static final int ALREADY_SYNCING_RETRIES = 8;
    /** Content missing from earlier syncs that one sync asks for again (each the peer lacks costs a request). */
    private static final int RETRIES_PER_SYNC = 64;
    /** Hashes asked for in one GetMany request. */
    private static final int CONTENT_BATCH = 1024;

    private final DocStore docs;
    private final BlobStore blobs;
    private final BlobFetch fetch;
    private final DocServePolicy policy;
    private final SyncConfig config;
    /**
     * Bytes of incoming sync frames all this node's sessions may buffer at once (NodeConfig.withFrameBudget; four
     * frames of the limit, 64 MiB, by default), so peers that know a served document cannot make the node hold
     * maxStreams frames.
     */
    private final FrameBudget frames;
    private final Endpoint endpoint;
    /** Content no sync could fetch yet, retried by later syncs of its document. */
    private final WantedContent wanted = new WantedContent();
    /** Which sessions run per document and peer: one at a time (the reference's AlreadySyncing). */
    private final SyncSessions sessions;
    /** Addresses of peers we dialled, so content can be fetched from peers that later dial us. */
    private final Map<NodeId, NodeAddr> known = new ConcurrentHashMap<>();
    /** Opens content streams while reconciliation runs: one thread per sync in flight, idle ones expire. */
    private final ExecutorService connector = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "objsync-content-connect");
        t.setDaemon(true);
        return t;
    });

    DocSyncService(Endpoint endpoint, DocStore docs, BlobStore blobs, BlobFetch fetch, DocServePolicy policy,
                   SyncConfig config, FrameBudget frames) {
        this.endpoint = endpoint;
        this.docs = docs;
        this.blobs = blobs;
        this.fetch = fetch;
        this.policy = policy;
        this.config = config;
        this.frames = frames;
        this.sessions = new SyncSessions(endpoint::nodeId);
    }

    /**
     * Reconciles {@code replica} with {@code peer} as the dialing side, then fetches new content from it. The
     * content stream's connection is set up on another thread while reconciliation runs, so the fetch does not
     * wait for a second handshake; when nothing new arrived that stream is dropped unused.
     */
    DocSyncResult sync(Replica replica, NodeAddr peer) throws IOException {
        known.put(peer.nodeId(), peer);
        boolean redialled = false;
        for (int attempt = 0; ; attempt++) {
            try {
                return dial(replica, peer);
            } catch (ConnectionClosedException e) {
                // iroh-docs serves one session per connection and then closes it; a session started on a reused
                // connection just before that close was never served: once more, on a new connection (a session
                // is safe to repeat: entries already stored are not stored twice)
                if (!e.unanswered() || redialled) {
                    throw e;
                }
                redialled = true;
            } catch (SyncProtocolException e) {
                // the peer is running the session it dialled to us at the same moment: retry once it is done
                if (e.reason() != SyncProtocolException.Reason.PEER_ALREADY_SYNCING
                        || attempt >= ALREADY_SYNCING_RETRIES) {
                    throw e;
                }
                pause(25L << Math.min(attempt, 5));
            }
        }
    }

    private DocSyncResult dial(Replica replica, NodeAddr peer) throws IOException {
        try (Subscription events = replica.subscribe(EVENT_CAPACITY)) {
            sessions.startDial(replica.id(), peer.nodeId());
            SyncOutcome outcome;
            StreamAhead content = null;
            // the content stream connects once the sync stream is up (so its TLS session can resume that one's)
            try (PeerStream s = endpoint.connect(peer, Alpn.DOCS)) {
                content = StreamAhead.start(fetch.dial(peer), connector);
                outcome = SyncSession.initiate(replica, new PeerDuplex(s), config, this::contentStatus, frames);
            } catch (IOException | RuntimeException e) {
                if (content != null) {
                    content.close();
                }
                throw e;
            } finally {
                sessions.endDial(replica.id(), peer.nodeId());
            }
            try (StreamAhead ahead = content) {
                return fetchContent(replica.id(), outcome, newContent(replica, events), peer, ahead);
            }
        }
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted before retrying a sync");
        }
    }

    /** Stops the threads that open content streams ahead. */
    @Override
    public void close() {
        connector.shutdownNow();
    }

    @Override
    public void handle(PeerStream stream) throws IOException {
        // the first frame comes before the session, so it gets the session's time limit of its own
        InputStream in = new TimedInput(stream.input(), config.maxSessionTime());
        byte[] first = SyncCodec.readFrame(in, SyncCodec.MAX_INIT_FRAME); // before we know the document
        if (first == null) {
            return;
        }
        Frame f = SyncCodec.decode(first);
        if (f instanceof Frame.Init init && !policy.serves(init.namespace(), stream.peer())) {
            SyncCodec.writeFrame(stream.output(), SyncCodec.encode(new Frame.Abort(Frame.AbortReason.NOT_FOUND)));
            stream.finishOutput();
            return;
        }
        if (!(f instanceof Frame.Init init)) {
            accept(stream, in, f, first); // refused there as the protocol error it is
            return;
        }
        if (!sessions.startAnswer(init.namespace(), stream.peer())) {
            SyncCodec.writeFrame(stream.output(),
                    SyncCodec.encode(new Frame.Abort(Frame.AbortReason.ALREADY_SYNCING)));
            stream.finishOutput();
            return;
        }
        accept(stream, in, f, first);
    }

    private void accept(PeerStream stream, InputStream in, Frame f, byte[] first) throws IOException {
        InputStream replay = new SequenceInputStream(new ByteArrayInputStream(framed(first)), in);
        Replica replica = f instanceof Frame.Init init ? docs.find(init.namespace()).orElse(null) : null;
        Subscription events = replica == null ? null : replica.subscribe(EVENT_CAPACITY);
        try {
            SyncOutcome outcome;
            try {
                outcome = SyncSession.accept(docs, new PeerDuplex(stream, replay), config, this::contentStatus,
                        frames);
            } finally {
                if (f instanceof Frame.Init init) {
                    sessions.endAnswer(init.namespace(), stream.peer());
                }
            }
            if (replica != null && (outcome.inserted() > 0 || wanted.any(replica.id()))) {
                // an address we dialled it at, else where the transport says it listens
                NodeAddr peer = known.getOrDefault(stream.peer(), stream.peerAddr());
                fetchContent(replica.id(), outcome, newContent(replica, events), peer, fetch.dial(peer));
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

    /** What we tell the peer about the content of an entry we send: our blob store's state of it. */
    private ContentStatus contentStatus(Hash h) {
        try {
            Optional<BlobStatus> st = blobs.status(h);
            if (st.isEmpty() || st.get().verified().isEmpty()) {
                return ContentStatus.MISSING;
            }
            return st.get().isComplete() ? ContentStatus.COMPLETE : ContentStatus.INCOMPLETE;
        } catch (IOException | RuntimeException e) {
            return ContentStatus.MISSING; // never wrong to say: the peer just fetches it elsewhere
        }
    }

    /** Content of new entries we lack: what to fetch from the peer, and what it said it does not hold whole. */
    private record NewContent(Set<Hash> fetch, Set<Hash> unavailable) {
    }

    /**
     * Content hashes of the remote inserts, split by what the peer reported (as the reference, we ask a peer
     * only for content it holds complete), or of every entry when more arrived than the queue holds.
     */
    private NewContent newContent(Replica replica, Subscription events) throws IOException {
        NewContent out = new NewContent(new LinkedHashSet<>(), new LinkedHashSet<>());
        try {
            for (InsertEvent e = events.poll(0, TimeUnit.SECONDS); e != null; e = events.poll(0, TimeUnit.SECONDS)) {
                if (e.remote()) {
                    addIfMissing(e.entry(), e.remoteStatus() == ContentStatus.COMPLETE ? out.fetch : out.unavailable);
                }
            }
        } catch (Subscription.LaggedException lagged) {
            out.unavailable.clear();
            for (SignedEntry e : replica.query(Query.all())) {
                addIfMissing(e, out.fetch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while collecting new entries", e);
        }
        out.unavailable.removeAll(out.fetch);
        return out;
    }

    private void addIfMissing(SignedEntry e, Set<Hash> out) throws IOException {
        if (!e.record().isEmpty() && !blobs.has(e.record().hash())) {
            out.add(e.record().hash());
        }
    }

    /**
     * Fetches the content the peer holds from {@code peer}, the first batch over the stream {@code first} gives,
     * then some content earlier syncs of {@code doc} could not fetch; what the peer said it does not hold is
     * reported missing without asking, and whatever stays missing is remembered for the next sync.
     */
    private DocSyncResult fetchContent(NamespaceId doc, SyncOutcome outcome, NewContent content, NodeAddr peer,
                                       BlobFetch.Opener first) throws IOException {
        Set<Hash> asked = new LinkedHashSet<>(content.fetch());
        List<Hash> arrivedMeanwhile = new ArrayList<>();
        for (Hash h : wanted.oldest(doc, RETRIES_PER_SYNC)) {
            if (held(h)) {
                arrivedMeanwhile.add(h);
            } else if (!content.unavailable().contains(h)) {
                asked.add(h);
            }
        }
        wanted.remove(doc, arrivedMeanwhile);
        BlobFetch.Opener next = first;
        List<Hash> pending = new ArrayList<>(asked);
        List<Hash> missing = new ArrayList<>(content.unavailable());
        BlobFetch.Transfer t = new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create());
        while (!pending.isEmpty()) {
            List<Hash> batch = List.copyOf(pending.subList(0, Math.min(pending.size(), CONTENT_BATCH)));
            boolean failed = false;
            try {
                fetch.many(peer, next, batch, t);
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
        List<Hash> fetched = new ArrayList<>();
        for (Hash h : asked) {
            if (held(h)) {
                Node.keepContent(blobs, h);
                fetched.add(h);
            }
        }
        wanted.remove(doc, fetched);
        wanted.add(doc, missing);
        return new DocSyncResult(outcome, fetched.size(), missing);
    }

    private boolean held(Hash h) {
        try {
            return blobs.has(h);
        } catch (IOException e) {
            return false;
        }
    }
}
