package io.objsync.net.internal.quic.engine.recovery;

/**
 * A sender-side congestion controller (RFC 9002 section 7): how many bytes may be in flight. It does not count
 * the bytes in flight itself; the loss detectors do, and the caller passes their sum in. The loss detector feeds
 * it sends, acknowledgements and losses of in-flight packets. Implementations are not thread-safe.
 */
public interface CongestionController {

    /** The maximum datagram size the window is counted in, in bytes. */
    int maxDatagramSize();

    /**
     * Changes the maximum datagram size, as path MTU discovery raises it; the minimum window follows, and the
     * window never drops below it (RFC 9002 section 7.2).
     */
    void setMaxDatagramSize(int bytes);

    /** The congestion window, in bytes. */
    long congestionWindow();

    /** How many more bytes may be put in flight now: the window minus {@code bytesInFlight}, at least 0. */
    long availableWindow(long bytesInFlight);

    /**
     * Whether a full-sized datagram may be put in flight now (RFC 9002 section 7: never beyond the window). PTO
     * probes are exempt (RFC 9002 section 7.5); smaller packets may check {@link #availableWindow(long)}.
     */
    boolean canSend(long bytesInFlight);

    /** Whether the controller is in slow start. */
    boolean inSlowStart();

    /** An in-flight packet of {@code bytes} was sent at {@code sentTimeNanos}. */
    void onPacketSent(long sentTimeNanos, int bytes);

    /**
     * One in-flight packet, sent at {@code sentTimeNanos}, was newly acknowledged; {@code priorBytesInFlight}
     * were in flight before the ACK that acknowledged it, which tells whether the window was in use (RFC 9002
     * section 7.8).
     */
    void onPacketAcked(long sentTimeNanos, int bytes, long priorBytesInFlight);

    /**
     * In-flight packets totalling {@code lostBytes} were declared lost at {@code nowNanos}, the last of them sent
     * at {@code largestLostSentTimeNanos}: a congestion event unless that packet was sent inside the current
     * recovery period (RFC 9002 section 7.3.2).
     */
    void onPacketsLost(long lostBytes, long largestLostSentTimeNanos, long nowNanos);

    /** The losses just reported showed persistent congestion (RFC 9002 section 7.6): collapse the window. */
    void onPersistentCongestion();
}
