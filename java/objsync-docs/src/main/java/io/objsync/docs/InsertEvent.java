package io.objsync.docs;

import io.objsync.docs.sync.ContentStatus;

/**
 * An entry a replica stored, in commit order.
 *
 * @param entry        the stored entry
 * @param remote       true when it came from a peer (sync or {@link Replica#ingest}), false for a local write
 * @param remoteStatus what the peer said about the content, or null for a local write
 * @param sequence     position in this store's stream of inserts, counting from 1 for each subscription's view
 */
public record InsertEvent(SignedEntry entry, boolean remote, ContentStatus remoteStatus, long sequence) {
}
