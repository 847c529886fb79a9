package io.objsync.node;

import io.objsync.docs.sync.SyncOutcome;
import io.objsync.hash.Hash;

import java.util.List;

/**
 * One document sync with a peer and the content download after it.
 *
 * @param outcome        what reconciliation did
 * @param contentFetched blobs fetched from the peer: of new entries, and missing ones of earlier syncs
 * @param contentMissing blobs the peer did not report whole (not asked for) or could not send; later syncs of
 *                       the document ask again, up to 64 a sync, while this node runs ({@link Node#download}
 *                       fetches one from any provider)
 */
public record DocSyncResult(SyncOutcome outcome, int contentFetched, List<Hash> contentMissing) {
    /** Copies the list. */
    public DocSyncResult {
        contentMissing = List.copyOf(contentMissing);
    }
}
