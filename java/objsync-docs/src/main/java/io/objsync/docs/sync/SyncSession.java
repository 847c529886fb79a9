package io.objsync.docs.sync;

import io.objsync.docs.DocStore;
import io.objsync.docs.DocStoreException;
import io.objsync.docs.IngestResult;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.internal.RangeIndex;
import io.objsync.docs.internal.ReplicaAccess;
import io.objsync.docs.sync.internal.MessageRules;
import io.objsync.docs.sync.internal.Reconciler;
import io.objsync.docs.sync.internal.TimedInput;
import io.objsync.hash.Hash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run of the {@code /iroh-sync/1} protocol over a {@link DuplexStream}: the dialing side
 * ({@link #initiate}) sends {@code Init}, then both answer each other's {@code Sync} messages until one has
 * nothing left to say and half-closes. Every incoming frame is size-checked before it is read, decoded and
 * checked whole before any entry of it is stored; a violation ends the session with a
 * {@link SyncProtocolException}. Blocking; run each side on its own thread.
 */
public final class SyncSession {
    private final Reconciler reconciler;
    private final SyncConfig config;
    private final byte[] namespace;
    private final InputStream in;
    private final OutputStream out;
    private final FrameBudget budget;
    /** Bytes of the frame being answered, counted in the budget until the next frame is read. */
    private long held;
    private int sent;
    private int received;
    private long bytesSent;
    private long bytesReceived;

    private SyncSession(Reconciler.Target target, byte[] namespace, SyncConfig config, FrameBudget budget,
                        InputStream in, OutputStream out) {
        this.reconciler = new Reconciler(target, config);
        this.config = config;
        this.namespace = namespace;
        this.in = in;
        this.out = out;
        this.budget = budget;
    }

    /**
     * Syncs {@code replica} with the peer at the other end of {@code stream}, as the dialing side, telling the
     * peer nothing about content ({@link ContentStatusSource#NONE}).
     */
    public static SyncOutcome initiate(Replica replica, DuplexStream stream, SyncConfig config) throws IOException {
        return initiate(replica, stream, config, ContentStatusSource.NONE);
    }

    /** As {@link #initiate(Replica, DuplexStream, SyncConfig)}, sending entries with {@code content}'s status. */
    public static SyncOutcome initiate(Replica replica, DuplexStream stream, SyncConfig config,
                                       ContentStatusSource content) throws IOException {
        return initiate(replica, stream, config, content, FrameBudget.unlimited());
    }

    /**
     * As {@link #initiate(Replica, DuplexStream, SyncConfig, ContentStatusSource)}, buffering the peer's frames
     * within {@code budget} (shared by the node's sessions).
     */
    public static SyncOutcome initiate(Replica replica, DuplexStream stream, SyncConfig config,
                                       ContentStatusSource content, FrameBudget budget) throws IOException {
        return initiate(target(replica, content), replica.id(), stream, config, budget);
    }

    /** As {@link #initiate(Replica, DuplexStream, SyncConfig)} over any reconciliation target. */
    static SyncOutcome initiate(Reconciler.Target target, NamespaceId id, DuplexStream stream, SyncConfig config)
            throws IOException {
        return initiate(target, id, stream, config, FrameBudget.unlimited());
    }

    private static SyncOutcome initiate(Reconciler.Target target, NamespaceId id, DuplexStream stream,
                                        SyncConfig config, FrameBudget budget) throws IOException {
        SyncSession s = new SyncSession(target, id.toBytes(), config, budget,
                new TimedInput(stream.input(), config.maxSessionTime()), stream.output());
        try {
            s.send(new Frame.Init(id, s.reconciler.initialMessage()));
            while (true) {
                Frame f = s.receive();
                if (f == null) {
                    break;
                }
                if (f instanceof Frame.Abort abort) {
                    throw new SyncProtocolException(abort.reason() == Frame.AbortReason.ALREADY_SYNCING
                            ? SyncProtocolException.Reason.PEER_ALREADY_SYNCING
                            : SyncProtocolException.Reason.ABORTED_BY_PEER, "peer declined: " + abort.reason());
                }
                if (!(f instanceof Frame.Sync sync)) {
                    throw new SyncProtocolException(SyncProtocolException.Reason.UNEXPECTED_FRAME,
                            "Init from the accepting side");
                }
                if (!s.answer(sync.message())) {
                    break;
                }
            }
        } finally {
            s.releaseFrame();
            stream.closeOutput();
        }
        return s.outcome(id);
    }

    /**
     * Answers one peer that dialed us for a document in {@code store}; declines with {@code Abort(NotFound)}
     * (and throws {@code NOT_FOUND}) when the store lacks it, or {@code Abort(InternalServerError)} (rethrowing
     * the {@link DocStoreException}) when the store fails. Entries land in the replica whatever its handle's
     * write capability: syncing needs none.
     */
    public static SyncOutcome accept(DocStore store, DuplexStream stream, SyncConfig config) throws IOException {
        return accept(store, stream, config, ContentStatusSource.NONE);
    }

    /** As {@link #accept(DocStore, DuplexStream, SyncConfig)}, sending entries with {@code content}'s status. */
    public static SyncOutcome accept(DocStore store, DuplexStream stream, SyncConfig config,
                                     ContentStatusSource content) throws IOException {
        return accept(store, stream, config, content, FrameBudget.unlimited());
    }

    /**
     * As {@link #accept(DocStore, DuplexStream, SyncConfig, ContentStatusSource)}, buffering the peer's frames
     * after its Init (which is at most {@link SyncCodec#MAX_INIT_FRAME}) within {@code budget} (shared by the
     * node's sessions).
     */
    public static SyncOutcome accept(DocStore store, DuplexStream stream, SyncConfig config,
                                     ContentStatusSource content, FrameBudget budget) throws IOException {
        return accept(id -> store.find(id).map(r -> target(r, content)), stream, config, budget);
    }

    static SyncOutcome accept(Function<NamespaceId, Optional<Reconciler.Target>> lookup, DuplexStream stream,
                              SyncConfig config) throws IOException {
        return accept(lookup, stream, config, FrameBudget.unlimited());
    }

    private static SyncOutcome accept(Function<NamespaceId, Optional<Reconciler.Target>> lookup,
                                      DuplexStream stream, SyncConfig config, FrameBudget budget) throws IOException {
        InputStream in = new TimedInput(stream.input(), config.maxSessionTime());
        try {
            byte[] first = SyncCodec.readFrame(in, SyncCodec.MAX_INIT_FRAME);
            if (first == null) {
                throw new SyncProtocolException(SyncProtocolException.Reason.TRUNCATED, "stream closed before Init");
            }
            Frame f = SyncCodec.decode(first);
            if (!(f instanceof Frame.Init init)) {
                throw new SyncProtocolException(SyncProtocolException.Reason.UNEXPECTED_FRAME,
                        "the first frame must be Init");
            }
            try {
                return serve(lookup, init, first.length, in, stream.output(), config, budget);
            } catch (DocStoreException e) {
                // the dialer learns that we failed, rather than seeing a quiet end it would take for success
                SyncCodec.writeFrame(stream.output(),
                        SyncCodec.encode(new Frame.Abort(Frame.AbortReason.INTERNAL_SERVER_ERROR)));
                throw e;
            }
        } finally {
            stream.closeOutput();
        }
    }

    /** The session after a valid Init: find the replica, then answer until either side is done. */
    private static SyncOutcome serve(Function<NamespaceId, Optional<Reconciler.Target>> lookup, Frame.Init init,
                                     int initBytes, InputStream in, OutputStream out, SyncConfig config,
                                     FrameBudget budget) throws IOException {
        Optional<Reconciler.Target> target = lookup.apply(init.namespace());
        if (target.isEmpty()) {
            byte[] abort = SyncCodec.encode(new Frame.Abort(Frame.AbortReason.NOT_FOUND));
            SyncCodec.writeFrame(out, abort);
            throw new SyncProtocolException(SyncProtocolException.Reason.NOT_FOUND,
                    "no replica " + init.namespace());
        }
        SyncSession s = new SyncSession(target.get(), init.namespace().toBytes(), config, budget, in, out);
        s.received = 1;
        s.bytesReceived = 4L + initBytes;
        try {
            boolean more = s.answer(init.message());
            while (more) {
                Frame next = s.receive();
                if (next == null) {
                    break;
                }
                if (!(next instanceof Frame.Sync sync)) {
                    throw new SyncProtocolException(SyncProtocolException.Reason.UNEXPECTED_FRAME,
                            next instanceof Frame.Init ? "a second Init" : "Abort from the dialing side");
                }
                more = s.answer(sync.message());
            }
        } finally {
            s.releaseFrame();
        }
        return s.outcome(init.namespace());
    }

    /** Checks and applies one message; sends the answer. False when there was nothing to answer. */
    private boolean answer(List<MessagePart> message) throws IOException {
        MessageRules.check(message, namespace, config.maxPartsPerMessage());
        List<MessagePart> reply = reconciler.process(message);
        if (reply == null) {
            return false;
        }
        send(new Frame.Sync(reply));
        return true;
    }

    private void send(Frame f) throws IOException {
        byte[] payload = SyncCodec.encode(f);
        if (payload.length > config.maxFrameBytes()) {
            throw new SyncProtocolException(SyncProtocolException.Reason.FRAME_TOO_LARGE,
                    "our answer of " + payload.length + " bytes exceeds the frame limit");
        }
        SyncCodec.writeFrame(out, payload);
        sent++;
        bytesSent += 4L + payload.length;
    }

    private Frame receive() throws IOException {
        if (received >= config.maxMessages()) {
            throw new SyncProtocolException(SyncProtocolException.Reason.TOO_MANY_ROUNDS,
                    received + " messages received");
        }
        checkSessionBytes();
        releaseFrame(); // the previous frame has been answered
        byte[] payload = SyncCodec.readFrame(in, config.maxFrameBytes(), budget);
        if (payload == null) {
            return null;
        }
        held = payload.length;
        received++;
        bytesReceived += 4L + payload.length;
        checkSessionBytes();
        return SyncCodec.decode(payload);
    }

    private void releaseFrame() {
        budget.release(held);
        held = 0;
    }

    /** Ends a session that exchanges too much, however valid each message (it never converges). */
    private void checkSessionBytes() throws SyncProtocolException {
        long bytes = bytesSent + bytesReceived;
        if (bytes > config.maxSessionBytes()) {
            throw new SyncProtocolException(SyncProtocolException.Reason.SESSION_TOO_LARGE,
                    bytes + " bytes exchanged in " + received + " messages, the limit is " + config.maxSessionBytes());
        }
    }

    private SyncOutcome outcome(NamespaceId id) {
        return new SyncOutcome(id, sent, received, bytesSent, bytesReceived, reconciler.entriesSent(),
                reconciler.entriesReceived(), reconciler.inserted(), reconciler.rejected());
    }

    /** The reconciliation target of a replica, which reports content as {@code content} says. */
    static Reconciler.Target target(Replica replica, ContentStatusSource content) {
        return new Reconciler.Target() {
            @Override
            public ContentStatus contentStatus(Hash contentHash) {
                return content.statusOf(contentHash);
            }

            @Override
            public <T> T read(Function<RangeIndex, T> body) {
                return ReplicaAccess.get().read(replica, body);
            }

            @Override
            public IngestResult ingest(List<SignedEntry> entries, List<ContentStatus> statuses) {
                return replica.ingest(entries, statuses);
            }
        };
    }
}
