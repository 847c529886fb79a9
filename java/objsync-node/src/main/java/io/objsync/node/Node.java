package io.objsync.node;

import io.objsync.bao.ChunkRanges;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.StreamHandler;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.TlsEndpoint;
import io.objsync.node.internal.HashSeqWindows;
import io.objsync.node.internal.NodeIdentity;
import io.objsync.node.internal.StoreBlobProvider;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStatus;
import io.objsync.store.BlobStore;
import io.objsync.store.TempPin;
import io.objsync.ticket.DocCapability;
import io.objsync.ticket.DocTicket;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node: its identity (an Ed25519 key kept in the home directory), its blob store ({@code <home>/store}), its
 * documents ({@code <home>/docs}) and its transport. Once open it serves {@code /iroh-bytes/4} from the blob store
 * (complete blobs and the verified parts of partial ones) and {@code /iroh-sync/1} for the documents the
 * {@link DocServePolicy} allows.
 *
 * <pre>{@code
 * try (Node node = Node.open(NodeConfig.tls(home))) {
 *     node.download(hash, BlobFormat.RAW, List.of(providerAddr), DownloadListener.NONE, Cancellation.create());
 * }
 * }</pre>
 *
 * <p>Document entry values live in the blob store (tagged {@code docs/<hash>}), so a peer that syncs a document
 * fetches the content of the new entries over the blob protocol right after reconciling. Thread-safe.
 */
public final class Node implements AutoCloseable {
    /** Sub-directory of the blob store. */
    public static final String STORE_DIR = "store";
    /** Sub-directory of the document store. */
    public static final String DOCS_DIR = "docs";
    private static final String CONTENT_TAG = "docs/";
    private static final long GROUP_CHUNKS = 16;
    private static final long GROUP_BYTES = GROUP_CHUNKS * ChunkRanges.CHUNK_LEN;

    private final NodeKey key;
    private final BlobStore blobs;
    private final DocStore docs;
    private final Endpoint endpoint;
    private final BlobFetch fetch;
    private final DocSyncService sync;

    private Node(NodeKey key, BlobStore blobs, DocStore docs, Endpoint endpoint, BlobFetch fetch,
                 DocSyncService sync) {
        this.key = key;
        this.blobs = blobs;
        this.docs = docs;
        this.endpoint = endpoint;
        this.fetch = fetch;
        this.sync = sync;
    }

    /** Opens the node of {@code config}'s home (making its identity and stores on first use) and starts serving. */
    public static Node open(NodeConfig config) throws IOException {
        Path home = config.home();
        NodeKey key = NodeIdentity.loadOrCreate(home);
        BlobStore blobs = BlobStore.open(home.resolve(STORE_DIR));
        DocStore docs = null;
        try {
            docs = DocStore.open(home.resolve(DOCS_DIR));
            Endpoint[] bound = new Endpoint[1];
            Endpoint deferred = new Deferred(bound);
            BlobFetch fetch = new BlobFetch(deferred, blobs);
            DocSyncService sync = new DocSyncService(deferred, docs, blobs, fetch, config.policy(), config.sync(),
                    config.frameBudget());
            // a request (at most 1 MiB) must arrive whole within one idle period, however it trickles
            StreamHandler provider = new StoreBlobProvider(blobs, config.limits().idleTimeout());
            Map<String, StreamHandler> handlers = Map.of(Alpn.BLOBS, provider, Alpn.DOCS, sync);
            bound[0] = config.memory() != null
                    ? config.memory().bind(key, handlers, config.limits())
                    : config.quic() ? QuicEndpoint.bind(key, config.listen(), handlers, config.limits())
                    : TlsEndpoint.bind(key, config.listen(), handlers, config.limits());
            return new Node(key, blobs, docs, bound[0], fetch, sync);
        } catch (IOException | RuntimeException e) {
            if (docs != null) {
                docs.close();
            }
            blobs.close();
            throw e;
        }
    }

    /** This node's id (its public key). */
    public NodeId nodeId() {
        return key.nodeId();
    }

    /** How peers reach this node: for tickets. */
    public NodeAddr addr() {
        return endpoint.addr();
    }

    /** The blob store. */
    public BlobStore blobs() {
        return blobs;
    }

    /** The document store. */
    public DocStore docs() {
        return docs;
    }

    // ---- blobs ------------------------------------------------------------------------------------------------

    /**
     * Downloads blob {@code hash} (with {@link BlobFormat#HASH_SEQ}: also every blob it lists) into the store,
     * trying {@code providers} in order. Each attempt asks only for what the store lacks, so it resumes what an
     * earlier attempt, provider or process left; a provider that fails, lacks the blob or sends data that does
     * not verify is dropped for the next one, keeping only what verified. A hash sequence is complete only when
     * every listed blob verified. The blobs are pinned against garbage collection while the download runs; tag
     * them to keep them.
     *
     * @throws DownloadFailedException    when no provider completed it (each failure suppressed inside)
     * @throws DownloadCancelledException when {@code cancellation} was cancelled
     */
    public DownloadResult download(Hash hash, BlobFormat format, List<NodeAddr> providers, DownloadListener listener,
                                   Cancellation cancellation) throws IOException {
        return fetchFrom(hash, format, ChunkRanges.all(), providers, listener, cancellation);
    }

    /**
     * Downloads the chunks of blob {@code hash} holding bytes {@code [offset, offset + length)}, as
     * {@link #download} does; afterwards {@code blobs().read(hash, offset, length)} answers from the store.
     */
    public DownloadResult downloadRange(Hash hash, long offset, long length, List<NodeAddr> providers,
                                        DownloadListener listener, Cancellation cancellation) throws IOException {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad byte range: offset " + offset + ", length " + length);
        }
        // the store keeps whole 16 KiB chunk groups (its outboard has no finer hashes): ask for those
        long from = offset / GROUP_BYTES * GROUP_CHUNKS;
        long to = ((offset + length - 1) / GROUP_BYTES + 1) * GROUP_CHUNKS;
        return fetchFrom(hash, BlobFormat.RAW, ChunkRanges.of(from, to), providers, listener, cancellation);
    }

    private DownloadResult fetchFrom(Hash hash, BlobFormat format, ChunkRanges want, List<NodeAddr> providers,
                                     DownloadListener listener, Cancellation cancellation) throws IOException {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(format, "format");
        BlobFetch.Transfer t = new BlobFetch.Transfer(Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(cancellation, "cancellation"));
        List<IOException> failures = new ArrayList<>();
        try (TempPin pin = blobs.pin(hash, format)) {
            if (has(hash, format, want)) {
                return new DownloadResult(hash, format, null, 0, 0);
            }
            for (NodeAddr p : providers) {
                try {
                    fetch.blob(p, hash, want, t);
                    if (format == BlobFormat.HASH_SEQ) {
                        fetch.children(p, hash, t);
                    }
                    if (has(hash, format, want)) {
                        return new DownloadResult(hash, format, p, t.received, failures.size());
                    }
                    failures.add(new io.objsync.protocol.BlobUnavailableException(
                            "provider " + p.nodeId().shortForm() + " ended without all of " + hash));
                } catch (DownloadCancelledException e) {
                    throw e;
                } catch (IOException e) {
                    cancellation.check();
                    failures.add(e);
                    listener.onProviderFailed(p, e);
                }
            }
        }
        throw new DownloadFailedException(hash, failures);
    }

    /** Whether the store holds {@code want} of the blob (and, for a hash sequence, every listed blob whole). */
    private boolean has(Hash hash, BlobFormat format, ChunkRanges want) throws IOException {
        Optional<BlobStatus> s = blobs.status(hash);
        if (s.isEmpty()) {
            return false;
        }
        if (!s.get().isComplete()) {
            ChunkRanges inBlob = want.intersection(ChunkRanges.of(0, BlobFetch.chunks(s.get().size())));
            if (want.isAll() || !inBlob.difference(s.get().verified()).isEmpty()) {
                return false;
            }
        }
        if (format == BlobFormat.HASH_SEQ) {
            HashSeqWindows listed = fetch.listed(hash);
            for (long first = 0; first < listed.count(); first += HashSeqWindows.WINDOW) {
                for (Hash child : listed.window(first)) {
                    if (!blobs.has(child)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // ---- documents --------------------------------------------------------------------------------------------

    /** Makes a new document, writable here. */
    public Replica createDoc() {
        return docs.create(NamespaceSecret.generate());
    }

    /** The document {@code id}: writable when this node holds its secret, else read-only. */
    public Optional<Replica> doc(NamespaceId id) {
        if (!docs.contains(id)) {
            return Optional.empty();
        }
        return Optional.of(docs.secret(id).map(docs::create).orElseGet(() -> docs.openReadOnly(id)));
    }

    /** Writes {@code key → value} by {@code author}: the value goes to the blob store (tagged), the entry names it. */
    public SignedEntry insert(Replica doc, AuthorSecret author, byte[] key, byte[] value) throws IOException {
        if (!doc.isWritable()) {
            throw new io.objsync.docs.ReadOnlyReplicaException(doc.id());
        }
        return doc.insert(author, key, storeContent(blobs, value), value.length);
    }

    /**
     * Keeps {@code value} in {@code blobs} as document content (added and tagged, so it is served and kept) and
     * returns its hash: for tools that write entries without opening a node.
     */
    public static Hash storeContent(BlobStore blobs, byte[] value) throws IOException {
        try (TempPin pin = blobs.add(value)) {
            keepContent(blobs, pin.hash());
            return pin.hash();
        }
    }

    /** The value an entry names, when the blob store holds it whole. */
    public Optional<byte[]> content(SignedEntry entry) throws IOException {
        Hash h = entry.record().hash();
        if (entry.record().isEmpty() || !blobs.has(h)) {
            return Optional.empty();
        }
        return Optional.of(blobs.read(h, 0, Math.toIntExact(entry.record().length())));
    }

    /** Tags document content so garbage collection keeps it. */
    static void keepContent(BlobStore blobs, Hash h) throws IOException {
        blobs.setTag(CONTENT_TAG + h.toHex(), h, BlobFormat.RAW);
    }

    /**
     * Reconciles document {@code id} with {@code peer} (this node dials), then fetches from that peer the content
     * of the entries it sent.
     *
     * @throws IllegalArgumentException when this node does not hold the document
     * @throws io.objsync.docs.sync.SyncProtocolException when the peer declines ({@code ABORTED_BY_PEER}) or
     *                                                    breaks the protocol
     */
    public DocSyncResult syncDoc(NamespaceId id, NodeAddr peer) throws IOException {
        Replica r = doc(id).orElseThrow(() -> new IllegalArgumentException("no document " + id + " here"));
        return sync.sync(r, peer);
    }

    /** A ticket for document {@code id} naming this node: read-only, or with the namespace secret. */
    public DocTicket shareDoc(NamespaceId id, DocShareMode mode) {
        if (!docs.contains(id)) {
            throw new IllegalArgumentException("no document " + id + " here");
        }
        DocCapability cap;
        if (mode == DocShareMode.WRITE) {
            NamespaceSecret s = docs.secret(id).orElseThrow(() -> new IllegalStateException(
                    "document " + id + " is read-only here: cannot share write access"));
            cap = DocCapability.write(s.toBytes());
        } else {
            cap = DocCapability.read(id.toBytes());
        }
        return DocTicket.of(cap, List.of(addr()));
    }

    /**
     * Joins the document of {@code ticket}: a write ticket opens it writable (keeping the secret), a read ticket
     * read-only (it refuses local writes). Then syncs with the ticket's nodes in turn, stopping at the first that
     * succeeds. The document stays joined when none answers; a later {@link #syncDoc} retries.
     *
     * @throws IOException when no node of the ticket could be synced with (each failure suppressed)
     */
    public Replica joinDoc(DocTicket ticket) throws IOException {
        DocCapability cap = ticket.capability();
        Replica r = cap.isWrite()
                ? docs.create(NamespaceSecret.fromBytes(cap.namespaceSecret()))
                : docs.openReadOnly(NamespaceId.of(cap.namespaceId()));
        // the message names each node's failure: logs often show only the headline of an exception
        StringBuilder why = new StringBuilder("no node of the ticket answered for document ").append(r.id());
        List<Exception> failures = new ArrayList<>();
        for (NodeAddr peer : ticket.nodes()) {
            try {
                sync.sync(r, peer);
                return r;
            } catch (IOException | io.objsync.docs.DocsException e) {
                // SyncProtocolException (a peer declining) is a DocsException
                why.append(failures.isEmpty() ? ": " : "; ").append(peer.nodeId().shortForm()).append(": ").append(e);
                failures.add(e);
            }
        }
        IOException failed = new IOException(why.toString());
        failures.forEach(failed::addSuppressed);
        throw failed;
    }

    /** Stops serving, then closes the stores. */
    @Override
    public void close() throws IOException {
        try {
            endpoint.close();
            sync.close();
            docs.close();
        } finally {
            blobs.close();
        }
    }

    @Override
    public String toString() {
        return "Node(" + nodeId().shortForm() + ")";
    }

    /** The endpoint, which exists only after the handlers that need it: connect goes through once bound. */
    private static final class Deferred implements Endpoint {
        private final Endpoint[] bound;

        Deferred(Endpoint[] bound) {
            this.bound = bound;
        }

        @Override
        public NodeId nodeId() {
            return bound[0].nodeId();
        }

        @Override
        public NodeAddr addr() {
            return bound[0].addr();
        }

        @Override
        public io.objsync.net.PeerStream connect(NodeAddr peer, String alpn) throws IOException {
            return bound[0].connect(peer, alpn);
        }

        @Override
        public void close() {
            bound[0].close();
        }
    }
}
