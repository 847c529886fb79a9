package io.objsync.docs.sync;

import io.objsync.docs.ReasonedException;

/** The peer broke the protocol, or declined; the session ended and the replica kept nothing of the bad message. */
public final class SyncProtocolException extends ReasonedException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** A frame is not a valid postcard encoding of the message model. */
        MALFORMED,
        /** A frame announces more bytes than the configured maximum. */
        FRAME_TOO_LARGE,
        /** The stream ended inside a frame, or before the protocol allowed it to end. */
        TRUNCATED,
        /** A frame of the wrong kind for this point of the session (a second Init, Sync before Init...). */
        UNEXPECTED_FRAME,
        /** More parts in one message than the configured maximum (a fingerprint flood). */
        TOO_MANY_PARTS,
        /** Two ranges of one message overlap, or a whole-set range is not alone. */
        OVERLAPPING_RANGES,
        /** An entry lies outside the range it was sent in, or belongs to another namespace. */
        ENTRY_OUTSIDE_RANGE,
        /** The session ran for more messages than the configured maximum. */
        TOO_MANY_ROUNDS,
        /** The session exchanged more bytes than the configured maximum (a peer that never converges). */
        SESSION_TOO_LARGE,
        /** The session ran longer than the configured maximum (a peer that never converges, or crawls). */
        SESSION_TOO_LONG,
        /**
         * The node's {@link FrameBudget} for incoming frames stayed full for its whole wait: other sessions hold
         * its bytes (many peers sending large frames at once).
         */
        FRAME_BUDGET_EXHAUSTED,
        /** The accepting peer declined with an Abort frame (it lacks the namespace, or failed). */
        ABORTED_BY_PEER,
        /**
         * The accepting peer declined with {@code Abort(AlreadySyncing)}: a session for this namespace between us
         * is already running, and that session reconciles both sides.
         */
        PEER_ALREADY_SYNCING,
        /** We declined: the requested namespace is not in our store. */
        NOT_FOUND,
        /** We declined, or did not dial: a session for this namespace with this peer is already running. */
        ALREADY_SYNCING
    }

    /** A protocol error. */
    public SyncProtocolException(Reason reason, String message) {
        super(reason, message, null);
    }

    /** A protocol error with a cause. */
    public SyncProtocolException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }

    /** Why. */
    public Reason reason() {
        return (Reason) reasonConstant();
    }
}
