package io.objsync.docs.sync;

import io.objsync.hash.Hash;

/**
 * What we tell the peer, with every entry we send, about the content the entry points at: the reference
 * sends a {@link ContentStatus} per entry so that the receiver asks for content only where it is to be had. A
 * node answers from its blob store; without one, {@link #NONE} says {@code MISSING} for everything, as the
 * reference does when it has no callback. Called while a reconciliation message is built: keep it fast, and
 * when in doubt answer {@code MISSING}, which only ever costs the peer a fetch elsewhere.
 */
@FunctionalInterface
public interface ContentStatusSource {

    /** Knows no content: every entry goes out as {@code MISSING}. */
    ContentStatusSource NONE = hash -> ContentStatus.MISSING;

    /** What we hold of the blob {@code contentHash}. */
    ContentStatus statusOf(Hash contentHash);
}
