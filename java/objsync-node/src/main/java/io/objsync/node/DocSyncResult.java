package io.objsync.node;

import io.objsync.docs.sync.SyncOutcome;
import io.objsync.hash.Hash;

import java.util.List;

/**
 * One document sync with a peer and the content download after it.
 *
 * @param outcome        what reconciliation did
 * @param contentFetched blobs of new entries fetched from the peer
 * @param contentMissing blobs of new entries the peer did not report whole (not asked for) or could not send;
 *                       later syncs do not ask again ({@link Node#download} fetches them from any provider)
 */
public record DocSyncResult(SyncOutcome outcome, int contentFetched, List<Hash> contentMissing) {
    /** Copies the list. */
    public DocSyncResult {
        contentMissing = List.copyOf(contentMissing);
    }
}
