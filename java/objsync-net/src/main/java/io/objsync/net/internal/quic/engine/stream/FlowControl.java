package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Connection-level flow control in both directions (RFC 9000 section 4.1-4.2). Sending: the peer's MAX_DATA
 * against the new stream bytes we sent on all streams, and when to send DATA_BLOCKED. Receiving: our limit against
 * the sum of every stream's highest received offset (its final size once known), the bytes our readers consumed,
 * and when to send MAX_DATA. Per-stream credit lives in {@link SendCredit} and {@link ReceiveBuffer}. Not
 * thread-safe: one connection thread owns it.
 */
public final class FlowControl {

    /** The frame type of STREAM, the frames whose data breaks the receive limit, named in its errors. */
    private static final long STREAM_FRAME = 0x08;

    private final SendCredit send;
    private final ReceiveCredit receive;
    private final long maxReceiveWindow;

    /**
     * Flow control starting from the peer's initial_max_data ({@code peerMaxData}, 0 until known) and ours
     * ({@code receiveWindow}, which later MAX_DATA frames keep ahead of what our readers consumed).
     */
    public FlowControl(long peerMaxData, long receiveWindow) {
        this(peerMaxData, receiveWindow, receiveWindow);
    }

    /**
     * Flow control whose receive window {@link #maxDataToSend(long, long)} may double up to {@code
     * maxReceiveWindow}.
     */
    public FlowControl(long peerMaxData, long receiveWindow, long maxReceiveWindow) {
        if (maxReceiveWindow < receiveWindow) {
            throw new IllegalArgumentException("window " + receiveWindow + ", at most " + maxReceiveWindow);
        }
        this.send = new SendCredit(peerMaxData);
        this.receive = ReceiveCredit.forBytes(receiveWindow);
        this.maxReceiveWindow = maxReceiveWindow;
    }

    // ---- sending ----

    /** Takes the peer's MAX_DATA; returns whether it raised the limit (smaller ones are ignored). */
    public boolean onMaxData(long maxData) {
        return send.raiseLimit(maxData);
    }

    /** How many new stream bytes the connection may still send. */
    public long sendCredit() {
        return send.available();
    }

    /** Counts {@code bytes} new stream bytes as sent (not retransmissions); never more than {@link #sendCredit()}. */
    public void onDataSent(long bytes) {
        send.use(bytes);
    }

    /** The value for a DATA_BLOCKED frame when blocked and not yet reported at this limit, else -1. */
    public long dataBlockedToSend() {
        return send.blockedToReport();
    }

    /** The DATA_BLOCKED frame was lost: send it again if still blocked. */
    public void onDataBlockedLost() {
        send.reportLost();
    }

    // ---- receiving ----

    /**
     * Counts {@code newlyCounted} more bytes against our limit: what {@link ReceiveBuffer#receive} or {@link
     * ReceiveBuffer#onReset} reported for one stream.
     *
     * @throws QuicTransportException FLOW_CONTROL_ERROR when the connection total goes beyond our limit
     */
    public void onDataReceived(long newlyCounted) throws QuicTransportException {
        receive.useUpTo(receive.highest() + newlyCounted, STREAM_FRAME);
    }

    /** Counts {@code bytes} as consumed by readers (or released by a reset), so MAX_DATA can hand them back. */
    public void onDataConsumed(long bytes) {
        receive.consume(bytes);
    }

    /**
     * The value for a MAX_DATA frame once readers consumed more than half the window since the last one, else -1.
     * Returning a value counts it as advertised.
     */
    public long maxDataToSend() {
        return receive.update();
    }

    /**
     * Like {@link #maxDataToSend()}, with auto-tuning: the window doubles first, up to the maximum given at
     * construction, when the previous MAX_DATA went out less than two round trips ({@code rttNanos}) before {@code
     * nowNanos}. The engine should keep this window ahead of the stream windows it grows.
     */
    public long maxDataToSend(long nowNanos, long rttNanos) {
        return receive.update(nowNanos, rttNanos, maxReceiveWindow);
    }

    /** The current receive window. */
    public long receiveWindow() {
        return receive.window();
    }

    /** The limit we advertised last, which a lost MAX_DATA frame should repeat. */
    public long receiveLimit() {
        return receive.limit();
    }

    /** The bytes counted against our limit so far. */
    public long received() {
        return receive.highest();
    }

    /** Grows our receive window (it never shrinks); the next MAX_DATA uses it. */
    public void growReceiveWindow(long window) {
        receive.growWindow(window);
    }
}
