package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * How many streams each side may open (RFC 9000 sections 2.1, 3 and 4.6), and which stream frames are legal for
 * which stream. Locally: the next id of each type under the peer's MAX_STREAMS, and the STREAMS_BLOCKED to send
 * when it runs out. For the peer: stream ids beyond our advertised limit, frames for our own streams that we never
 * opened, frames for the wrong direction of a unidirectional stream; the streams a new peer stream implicitly
 * opens; and when closed peer streams make a higher MAX_STREAMS worth sending. Not thread-safe: one connection
 * thread owns it.
 */
public final class StreamLimits {

    private static final long RESET_STREAM = 0x04;
    private static final long STOP_SENDING = 0x05;
    private static final long STREAM_MIN = 0x08;
    private static final long STREAM_MAX = 0x0f;
    private static final long MAX_STREAM_DATA = 0x11;
    private static final long MAX_STREAMS_BIDI = 0x12;
    private static final long STREAM_DATA_BLOCKED = 0x15;
    private static final long STREAMS_BLOCKED_BIDI = 0x16;

    private final boolean server;
    private final SendCredit localBidi = new SendCredit(0);
    private final SendCredit localUni = new SendCredit(0);
    private final ReceiveCredit peerBidi;
    private final ReceiveCredit peerUni;

    /**
     * Limits for the client or the {@code server}, allowing the peer {@code maxPeerBidi} and {@code maxPeerUni}
     * concurrent streams (our initial_max_streams_* transport parameters, kept as the window as streams close).
     * We may open none until the peer's limits arrive.
     */
    public StreamLimits(boolean server, long maxPeerBidi, long maxPeerUni) {
        this.server = server;
        this.peerBidi = new ReceiveCredit(maxPeerBidi, StreamIds.MAX_STREAMS, QuicTransportException.STREAM_LIMIT_ERROR);
        this.peerUni = new ReceiveCredit(maxPeerUni, StreamIds.MAX_STREAMS, QuicTransportException.STREAM_LIMIT_ERROR);
    }

    // ---- streams we open ----

    /**
     * Takes the peer's initial_max_streams_bidi and initial_max_streams_uni transport parameters.
     *
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR for a value above 2^60 (RFC 9000 section 4.6)
     */
    public void onPeerTransportParameters(long maxBidi, long maxUni) throws QuicTransportException {
        localBidi.raiseLimit(checkedCount(maxBidi, QuicTransportException.TRANSPORT_PARAMETER_ERROR, 0));
        localUni.raiseLimit(checkedCount(maxUni, QuicTransportException.TRANSPORT_PARAMETER_ERROR, 0));
    }

    /**
     * Takes a MAX_STREAMS frame; returns whether it raised the limit (one that does not is ignored, RFC 9000
     * section 19.11).
     *
     * @throws QuicTransportException FRAME_ENCODING_ERROR for a count above 2^60
     */
    public boolean onMaxStreams(boolean unidirectional, long maxStreams) throws QuicTransportException {
        long frameType = MAX_STREAMS_BIDI + (unidirectional ? 1 : 0);
        return local(unidirectional).raiseLimit(
                checkedCount(maxStreams, QuicTransportException.FRAME_ENCODING_ERROR, frameType));
    }

    /** Opens our next stream of the given direction: returns its id, or -1 while the peer's limit forbids it. */
    public long open(boolean unidirectional) {
        SendCredit credit = local(unidirectional);
        if (credit.available() <= 0) {
            return -1;
        }
        long index = credit.used();
        credit.use(1);
        return StreamIds.id(index, server, unidirectional);
    }

    /**
     * The count for a STREAMS_BLOCKED frame when we are out of streams of this direction and have not said so at
     * this limit yet, else -1. Returning it counts it as sent.
     */
    public long streamsBlockedToSend(boolean unidirectional) {
        return local(unidirectional).blockedToReport();
    }

    /** The STREAMS_BLOCKED frame of this direction was lost: send it again if still blocked. */
    public void onStreamsBlockedLost(boolean unidirectional) {
        local(unidirectional).reportLost();
    }

    // ---- frames from the peer ----

    /**
     * Checks a frame of type {@code frameType} that names {@code streamId}: STREAM, RESET_STREAM or
     * STREAM_DATA_BLOCKED (about the peer's sending) or MAX_STREAM_DATA or STOP_SENDING (about ours). A frame
     * naming a new peer stream opens it and every lower-numbered peer stream of its type.
     *
     * @return the lowest id this frame newly opened (the engine creates it and the ids above it, step 4, up to
     *     {@code streamId}), or -1 when it opened none: the stream exists, or existed and is closed
     * @throws QuicTransportException STREAM_LIMIT_ERROR for a peer stream beyond our limit; STREAM_STATE_ERROR for
     *     a local stream we never opened, or the wrong direction of a unidirectional stream
     * @throws IllegalArgumentException for a frame type that names no stream
     */
    public long onStreamFrame(long streamId, long frameType) throws QuicTransportException {
        boolean aboutPeerSending = aboutPeerSending(frameType);
        boolean local = StreamIds.isLocal(streamId, server);
        boolean unidirectional = StreamIds.isUnidirectional(streamId);
        long index = StreamIds.index(streamId);
        if (unidirectional && local == aboutPeerSending) {
            throw stateError(frameType, (local ? "our" : "the peer's") + " unidirectional stream " + streamId
                    + " does not carry data " + (local ? "to us" : "from us"));
        }
        if (local) {
            if (index >= local(unidirectional).used()) {
                throw stateError(frameType, "stream " + streamId + " was never opened by us");
            }
            return -1;
        }
        ReceiveCredit credit = peer(unidirectional);
        long before = credit.highest();
        return credit.useUpTo(index + 1, frameType) == 0 ? -1 : StreamIds.id(before, !server, unidirectional);
    }

    /**
     * Takes the peer's STREAMS_BLOCKED frame, only checking it: our MAX_STREAMS follow from closed streams.
     *
     * @throws QuicTransportException FRAME_ENCODING_ERROR for a count above 2^60 (RFC 9000 section 19.14)
     */
    public void onStreamsBlocked(boolean unidirectional, long maxStreams) throws QuicTransportException {
        checkedCount(maxStreams, QuicTransportException.FRAME_ENCODING_ERROR,
                STREAMS_BLOCKED_BIDI + (unidirectional ? 1 : 0));
    }

    /** A peer-opened stream is closed in both directions: it no longer counts against the peer's concurrency. */
    public void onPeerStreamClosed(long streamId) {
        if (StreamIds.isLocal(streamId, server)) {
            throw new IllegalArgumentException("stream " + streamId + " is ours");
        }
        peer(StreamIds.isUnidirectional(streamId)).consume(1);
    }

    /**
     * The count for a MAX_STREAMS frame once more than half of the allowed concurrent peer streams of this
     * direction closed since the last one, else -1. Returning it counts it as advertised.
     */
    public long maxStreamsToSend(boolean unidirectional) {
        return peer(unidirectional).update();
    }

    /** Our current limit on peer streams of this direction, which a lost MAX_STREAMS frame should repeat. */
    public long peerLimit(boolean unidirectional) {
        return peer(unidirectional).limit();
    }

    private SendCredit local(boolean unidirectional) {
        return unidirectional ? localUni : localBidi;
    }

    private ReceiveCredit peer(boolean unidirectional) {
        return unidirectional ? peerUni : peerBidi;
    }

    /** Whether a frame type is about the peer's sending part of a stream (else about ours). */
    private static boolean aboutPeerSending(long frameType) {
        if ((frameType >= STREAM_MIN && frameType <= STREAM_MAX) || frameType == RESET_STREAM
                || frameType == STREAM_DATA_BLOCKED) {
            return true;
        }
        if (frameType == MAX_STREAM_DATA || frameType == STOP_SENDING) {
            return false;
        }
        throw new IllegalArgumentException("frame type 0x" + Long.toHexString(frameType) + " names no stream");
    }

    private static long checkedCount(long count, long errorCode, long frameType) throws QuicTransportException {
        if (count < 0 || count > StreamIds.MAX_STREAMS) {
            throw new QuicTransportException(errorCode, frameType, "stream count " + count + " above 2^60");
        }
        return count;
    }

    private static QuicTransportException stateError(long frameType, String reason) {
        return new QuicTransportException(QuicTransportException.STREAM_STATE_ERROR, frameType, reason);
    }
}
