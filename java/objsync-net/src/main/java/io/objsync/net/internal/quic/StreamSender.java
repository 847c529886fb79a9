package io.objsync.net.internal.quic;

import tech.kwik.core.QuicStream;
import tech.kwik.core.send.Sender;
import tech.kwik.core.stream.FlowControlUpdateListener;

import java.util.function.BooleanSupplier;

/**
 * Keeps one stream's output moving past two defects of kwik 0.10.8's send path.
 *
 * <p>(1) Lost send request: a stream keeps at most one send request queued, counted in an atomic integer that a
 * writer increments only after queueing; when the sender thread consumes the request in between, its re-queue
 * for the rest of the buffer sees the count at -1 and is skipped, so the buffered bytes wait for the next write.
 * A writer blocked on the full buffer never makes one. {@link #nudge()} queues a request when bytes wait.
 *
 * <p>(2) Sleeping sender: a request queued without a flush (kwik's flow-control callback, which {@link #nudge()}
 * uses, does not flush: it expects a received packet to wake the sender) stays until the sender's next wake-up,
 * up to 5 s when no packet arrives; while it is queued, a write queues no request of its own and so flushes
 * nothing either. {@link #written()} and {@link #nudge()} wake the sender themselves.
 *
 * <p>On another kwik (no such internals) both do nothing.
 */
final class StreamSender {

    private final QuicStream stream;
    private final FlowControlUpdateListener output;
    private final Sender sender;
    private final BooleanSupplier pending;

    StreamSender(QuicStream stream) {
        this.stream = stream;
        Object out = stream.getOutputStream();
        Sender s = KwikAccess.sender(stream);
        BooleanSupplier p = KwikAccess.pendingOutput(stream);
        boolean kwik = s != null && p != null && out instanceof FlowControlUpdateListener;
        this.output = kwik ? (FlowControlUpdateListener) out : null;
        this.sender = kwik ? s : null;
        this.pending = kwik ? p : () -> false;
    }

    /** After bytes (or the FIN) were handed to the stream: wakes the sender, which sends whatever is queued. */
    void written() {
        if (sender != null) {
            sender.flush();
        }
    }

    /**
     * If the stream holds bytes the sender has not taken: queues a send request (a request already queued makes
     * this a no-op) and wakes the sender. An idle stream is left alone, so no request sits queued for it.
     */
    void nudge() {
        if (pending.getAsBoolean()) {
            output.streamNotBlocked(stream.getStreamId());
            sender.flush();
        }
    }
}
