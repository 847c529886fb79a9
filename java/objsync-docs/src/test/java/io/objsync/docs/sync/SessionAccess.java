package io.objsync.docs.sync;

import io.objsync.docs.NamespaceId;
import io.objsync.docs.sync.internal.Reconciler;

import java.io.IOException;
import java.util.Optional;

/** Runs sessions over any reconciliation target (harnesses compare stores this way). */
public final class SessionAccess {
    private SessionAccess() {
    }

    /** The dialing side over {@code target}. */
    public static SyncOutcome initiate(Reconciler.Target target, NamespaceId id, DuplexStream s, SyncConfig cfg)
            throws IOException {
        return SyncSession.initiate(target, id, s, cfg);
    }

    /** The accepting side over {@code target}. */
    public static SyncOutcome accept(Reconciler.Target target, DuplexStream s, SyncConfig cfg) throws IOException {
        return SyncSession.accept(ns -> Optional.of(target), s, cfg);
    }
}
