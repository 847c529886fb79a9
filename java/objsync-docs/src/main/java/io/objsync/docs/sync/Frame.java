package io.objsync.docs.sync;

import io.objsync.docs.NamespaceId;

import java.util.List;

/** One frame of the {@code /iroh-sync/1} protocol (postcard variants 0, 1, 2 of iroh-docs' codec message). */
public sealed interface Frame permits Frame.Init, Frame.Sync, Frame.Abort {
    /** Why an accepting peer declines. Variant order is the wire's. */
    enum AbortReason {
        /** It does not have the namespace. */
        NOT_FOUND,
        /** It is already syncing the namespace with this peer. */
        ALREADY_SYNCING,
        /** It failed internally. */
        INTERNAL_SERVER_ERROR
    }

    /**
     * The dialing peer's first frame.
     *
     * @param namespace the document
     * @param message   the first reconciliation message
     */
    record Init(NamespaceId namespace, List<MessagePart> message) implements Frame {
    }

    /**
     * Every later message of either peer.
     *
     * @param message the parts
     */
    record Sync(List<MessagePart> message) implements Frame {
    }

    /**
     * The accepting peer declines.
     *
     * @param reason why
     */
    record Abort(AbortReason reason) implements Frame {
    }
}
