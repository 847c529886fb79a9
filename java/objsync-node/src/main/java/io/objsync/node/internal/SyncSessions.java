package io.objsync.node.internal;

import io.objsync.docs.NamespaceId;
import io.objsync.net.NodeId;

import java.io.InterruptedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The document sync sessions a node runs, per document and peer, so that one pair never reconciles one
 * document twice at once (the reference's {@code Abort(AlreadySyncing)}). Our own dials for one document and
 * peer run one after another; a session from a peer we are already answering for that document is declined;
 * when both nodes dial each other at once, the node with the larger id declines the other's session, so the
 * other node's session runs (and reconciles both sides) and the declined dialler retries after it.
 */
public final class SyncSessions {

    private final Supplier<NodeId> self;
    private final Set<Key> dialling = new HashSet<>();
    private final Set<Key> answering = new HashSet<>();

    /** The sessions of the node whose id {@code self} gives (asked when needed: nodes bind after they build this). */
    public SyncSessions(Supplier<NodeId> self) {
        this.self = self;
    }

    /** Waits until no dial of ours for {@code doc} to {@code peer} runs, then records this one. */
    public synchronized void startDial(NamespaceId doc, NodeId peer) throws InterruptedIOException {
        Key k = new Key(doc, peer);
        while (dialling.contains(k)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the running sync of " + doc);
            }
        }
        dialling.add(k);
    }

    /** The dial recorded by {@link #startDial} ended (its reconciliation, not necessarily its content fetch). */
    public synchronized void endDial(NamespaceId doc, NodeId peer) {
        dialling.remove(new Key(doc, peer));
        notifyAll();
    }

    /**
     * Records a session {@code peer} dialled for {@code doc}, or returns false when it is to be declined: we
     * are answering one already, or we are dialling {@code peer} for it too and our id is the larger.
     */
    public synchronized boolean startAnswer(NamespaceId doc, NodeId peer) {
        Key k = new Key(doc, peer);
        if (answering.contains(k) || (dialling.contains(k) && self.get().compareTo(peer) > 0)) {
            return false;
        }
        answering.add(k);
        return true;
    }

    /** The session recorded by {@link #startAnswer} ended. */
    public synchronized void endAnswer(NamespaceId doc, NodeId peer) {
        answering.remove(new Key(doc, peer));
    }

    private record Key(NamespaceId doc, NodeId peer) {
    }
}
