package io.objsync.net.internal.quic;

import tech.kwik.core.QuicStream;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resets a stream's output (RESET_STREAM) without racing kwik 0.10.8's sender thread. kwik's reset empties the
 * stream's send buffer on the calling thread while the sender thread may be taking a frame out of it; the sender
 * then dies ({@code NullPointerException} in {@code SendBuffer.getStreamFrame}) and kwik drops the whole
 * connection without a CONNECTION_CLOSE, so the RESET_STREAM never leaves and the peer waits for its idle timeout.
 * A handler that returns early after writing (the reset test's 200 rounds, with a CPU hog) hit it once in about
 * fifteen runs. So the reset runs as a send request on the sender thread itself, between its frames; if the
 * sender has not run it within {@link #FALLBACK_MILLIS} (a dead or stalled sender, which then touches no buffer),
 * it runs where it is.
 */
final class OutputReset {

    static final long FALLBACK_MILLIS = 1000;

    private OutputReset() {
    }

    /** Resets {@code stream}'s output with {@code code}, on its sender thread when kwik lets us. */
    static void reset(QuicStream stream, long code, StreamNudger timer) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                stream.resetStream(code);
            }
        };
        if (KwikAccess.runOnSender(stream, once)) {
            timer.schedule(once, FALLBACK_MILLIS);
        } else {
            once.run();
        }
    }
}
