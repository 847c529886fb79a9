package io.objsync.net.internal.quic;

import tech.kwik.core.QuicStream;

/**
 * Wakes a reader that kwik 0.10.8 leaves waiting on a stream input that has already ended. kwik's read checks
 * whether the input was reset, aborted or closed, then enters the input's monitor, registers itself and waits; a
 * reset (or abort, or close) sets its flag and interrupts the registered reader without taking that monitor. One
 * that lands between the reader's check and its registration finds nobody to interrupt, and the reader waits
 * with nothing left to wake it: until the idle timeout, or for good when the timeout's own abort is what it
 * missed. (The write side has the same window but no hang: a reset empties the send buffer, so the late writer
 * finds room and the next write fails.)
 *
 * <p>{@link #wake()}, run by the {@link StreamNudger}, notifies the monitor when the input has ended and a reader
 * is inside; kwik's read loop then sees the flag and throws. A notify is harmless to a reader that was woken
 * already: kwik's loop treats it as a spurious wake-up. On another kwik (no such internals) it does nothing.
 */
final class StrandedReader {

    private final Object input;

    StrandedReader(QuicStream stream) {
        this.input = KwikAccess.input(stream);
    }

    /** Wakes the reader of an input that has ended, if one is inside a read. */
    void wake() {
        if (input != null && KwikAccess.inputEnded(input) && KwikAccess.readerInside(input)) {
            Object monitor = KwikAccess.inputMonitor(input);
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }
}
