package io.objsync.net.internal.quic.engine.recovery;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * The packets we sent in one packet number space and their fate (RFC 9002 sections 6 and A): acknowledged,
 * declared lost by packet or time threshold, or still outstanding; plus the loss and probe timers. Each space has
 * its own detector; the {@link RttEstimator} and {@link CongestionController} are the connection's, shared by all
 * of them.
 *
 * <p>Packets live in a ring of parallel arrays indexed by packet number, from the oldest one still outstanding to
 * the newest sent, so that sending, acknowledging and losing each cost O(1) however many are in flight. Only
 * packets at most two below the largest acknowledged can stay outstanding (the rest are lost by packet
 * threshold), so an ACK costs O(newly acknowledged + lost + ranges).
 *
 * <p>The engine arms one timer per space: {@link #lossTimeNanos()} when set, else {@link #ptoDeadlineNanos()};
 * with several spaces the earliest wins (RFC 9002 section 6.2.1). Simplifications for spaces other than
 * Application Data: pto_count, persistent congestion and the "was the window in use" test of the congestion
 * controller are per detector, where RFC 9002 keeps them per connection. Not thread-safe: one connection thread owns it.
 * After it throws, the connection is closing and the detector must not be used further.
 */
public final class LossDetector {

    /** What became of packets; called from inside {@link #onAckReceived} and {@link #onLossTimeout}. */
    public interface Listener {

        /** The peer acknowledged packet {@code packetNumber} of {@code bytes}, sent with {@code frames}. */
        void onAcked(long packetNumber, int bytes, Object frames);

        /** Packet {@code packetNumber} of {@code bytes}, sent with {@code frames}, is declared lost. */
        void onLost(long packetNumber, int bytes, Object frames);
    }

    /** kPacketThreshold (RFC 9002 section 6.1.1). */
    static final int PACKET_THRESHOLD = 3;
    /** How many ack-eliciting probes to send when the PTO fires (RFC 9002 section 6.2.4 allows one or two). */
    public static final int PROBE_PACKETS = 2;
    /** After this many packets in a row that elicit no ACK, {@link #shouldElicitAck()} asks for one that does. */
    public static final int ELICIT_ACK_AFTER = 16;
    private static final long ACK_FRAME_TYPE = 0x02;
    private static final int INITIAL_CAPACITY = 1024;
    private static final int MAX_CAPACITY = 1 << 30;
    /** Backoff beyond 2^30 periods is years; stop doubling before the arithmetic overflows. */
    private static final int MAX_BACKOFF_SHIFT = 30;

    // A slot's state in its low bits, with what kind of packet it was above them.
    private static final int NOT_SENT = 0;
    private static final int OUTSTANDING = 1;
    private static final int ACKED = 2;
    /** Acknowledged by the ACK being processed; the congestion controller has not seen it yet. */
    private static final int NEWLY_ACKED = 3;
    private static final int LOST = 4;
    private static final int STATE_BITS = 7;
    private static final int ACK_ELICITING = 8;
    private static final int IN_FLIGHT = 16;
    /** A path MTU probe: its loss says the path is too narrow, not congested (RFC 9002 section 14.4). */
    private static final int MTU_PROBE = 32;

    private final PacketNumberSpace space;
    private final RttEstimator rtt;
    private final CongestionController controller;

    private long[] sentTimes;
    private int[] sizes;
    private byte[] slots;
    private Object[] frames;
    private int mask;
    /** The lowest packet number still kept: the oldest outstanding one, or {@link #next} when none is. */
    private long head;
    /** One past the largest packet number sent. */
    private long next;
    private long firstSent = -1;
    /** Skipped packet numbers between {@link #head} and {@link #next}; an ACK naming one is a violation. */
    private int unsentKept;

    private long largestAcked = -1;
    private long bytesInFlight;
    private int ackElicitingInFlight;
    private long lastAckElicitingSentNanos;
    private int sentSinceAckEliciting;
    private long lossTimeNanos = Long.MAX_VALUE;
    private int ptoCount;
    private boolean peerCompletedAddressValidation = true;

    /** A detector for {@code space} that samples into {@code rtt} and reports to {@code controller}. */
    public LossDetector(PacketNumberSpace space, RttEstimator rtt, CongestionController controller) {
        this.space = space;
        this.rtt = rtt;
        this.controller = controller;
        sentTimes = new long[INITIAL_CAPACITY];
        sizes = new int[INITIAL_CAPACITY];
        slots = new byte[INITIAL_CAPACITY];
        frames = new Object[INITIAL_CAPACITY];
        mask = INITIAL_CAPACITY - 1;
    }

    /** The packet number space this detector tracks. */
    public PacketNumberSpace space() {
        return space;
    }

    /**
     * Records a packet just sent. Packet numbers must strictly increase; numbers skipped in between are
     * remembered as never sent (while older packets are outstanding), so that an ACK of one is caught.
     * {@code frames} is the caller's token for what the packet carried, handed back when it is acked or lost.
     * Ack-eliciting packets are always in flight (RFC 9002 section 2).
     */
    public void onPacketSent(long packetNumber, long nowNanos, int bytes, boolean ackEliciting, boolean inFlight,
            Object frames) {
        record(packetNumber, nowNanos, bytes, ackEliciting, inFlight, false, frames);
    }

    /**
     * Records a path MTU probe just sent (ack-eliciting, in flight): as {@link #onPacketSent}, except that its loss
     * neither shrinks the congestion window nor counts toward persistent congestion (RFC 9002 section 14.4).
     */
    public void onMtuProbeSent(long packetNumber, long nowNanos, int bytes, Object frames) {
        record(packetNumber, nowNanos, bytes, true, true, true, frames);
    }

    private void record(long packetNumber, long nowNanos, int bytes, boolean ackEliciting, boolean inFlight,
            boolean mtuProbe, Object frames) {
        if (packetNumber < next || packetNumber < 0) {
            throw new IllegalArgumentException("packet number " + packetNumber + " not above " + (next - 1));
        }
        if (ackEliciting && !inFlight) {
            throw new IllegalArgumentException("an ack-eliciting packet is always in flight");
        }
        if (head == next) {
            // Nothing kept: start the window at this packet instead of filling in what was skipped.
            head = packetNumber;
            next = packetNumber;
        }
        if (firstSent < 0) {
            firstSent = packetNumber;
        }
        ensureCapacity(packetNumber - head + 1);
        for (; next < packetNumber; next++) {
            int skipped = slot(next);
            slots[skipped] = NOT_SENT;
            this.frames[skipped] = null;
            unsentKept++;
        }
        int s = slot(packetNumber);
        sentTimes[s] = nowNanos;
        sizes[s] = bytes;
        slots[s] = (byte) (OUTSTANDING | (ackEliciting ? ACK_ELICITING : 0) | (inFlight ? IN_FLIGHT : 0)
                | (mtuProbe ? MTU_PROBE : 0));
        this.frames[s] = frames;
        next = packetNumber + 1;
        sentSinceAckEliciting = ackEliciting ? 0 : sentSinceAckEliciting + 1;
        if (inFlight) {
            bytesInFlight += bytes;
            controller.onPacketSent(nowNanos, bytes);
            if (ackEliciting) {
                ackElicitingInFlight++;
                lastAckElicitingSentNanos = nowNanos;
            }
        }
    }

    /**
     * Processes an ACK frame (RFC 9002 section A.7): {@code ranges} holds {@code pairCount} (smallest, largest)
     * pairs from the highest range down, {@code ackDelayMicros} the peer's ACK Delay already scaled by its
     * ack_delay_exponent. Reports newly acknowledged packets, then takes an RTT sample if the largest
     * acknowledged is among them and at least one of them was ack-eliciting (RFC 9002 section 5.1), then declares
     * losses, then feeds the controller.
     *
     * @throws QuicTransportException PROTOCOL_VIOLATION if it acknowledges a packet number never sent,
     *         FRAME_ENCODING_ERROR if the ranges are empty, overlap or are out of order
     */
    public void onAckReceived(long[] ranges, int pairCount, long ackDelayMicros, long nowNanos, Listener listener)
            throws QuicTransportException {
        checkRanges(ranges, pairCount);
        long largest = ranges[1];
        if (firstSent < 0 || largest >= next || ranges[2 * pairCount - 2] < firstSent) {
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, ACK_FRAME_TYPE,
                    "ACK of packet number never sent in " + space + " (largest sent " + (next - 1) + ")");
        }
        if (unsentKept > 0) {
            rejectUnsent(ranges, pairCount);
        }
        largestAcked = Math.max(largestAcked, largest);
        long priorBytesInFlight = bytesInFlight;
        boolean anyNewlyAcked = false;
        boolean largestNewlyAcked = false;
        boolean ackElicitingNewlyAcked = false;
        for (int i = 0; i < pairCount; i++) {
            for (long pn = Math.max(ranges[2 * i], head), hi = ranges[2 * i + 1]; pn <= hi; pn++) {
                int s = slot(pn);
                if ((slots[s] & STATE_BITS) != OUTSTANDING) {
                    continue;
                }
                int kind = forget(s, NEWLY_ACKED);
                anyNewlyAcked = true;
                ackElicitingNewlyAcked |= (kind & ACK_ELICITING) != 0;
                largestNewlyAcked |= pn == largest;
                listener.onAcked(pn, sizes[s], frames[s]);
                frames[s] = null;
            }
        }
        if (!anyNewlyAcked) {
            return;
        }
        if (largestNewlyAcked && ackElicitingNewlyAcked) {
            long ackDelayNanos = space == PacketNumberSpace.INITIAL ? 0 : microsToNanos(ackDelayMicros);
            rtt.onSample(nowNanos - sentTimes[slot(largest)], ackDelayNanos, nowNanos);
        }
        detectLost(nowNanos, listener);
        for (int i = 0; i < pairCount; i++) {
            for (long pn = Math.max(ranges[2 * i], head), hi = ranges[2 * i + 1]; pn <= hi; pn++) {
                int s = slot(pn);
                int bits = slots[s];
                if ((bits & STATE_BITS) == NEWLY_ACKED) {
                    slots[s] = (byte) ((bits & ~STATE_BITS) | ACKED);
                    if ((bits & IN_FLIGHT) != 0) {
                        controller.onPacketAcked(sentTimes[s], sizes[s], priorBytesInFlight);
                    }
                }
            }
        }
        if (peerCompletedAddressValidation) {
            ptoCount = 0;
        }
        advanceHead();
    }

    /** Declares lost what the time threshold now allows, when {@link #lossTimeNanos()} has passed. */
    public void onLossTimeout(long nowNanos, Listener listener) {
        detectLost(nowNanos, listener);
        advanceHead();
    }

    /**
     * The probe timer fired (RFC 9002 section 6.2.4): doubles the next probe timeout and returns how many
     * ack-eliciting probe packets the engine should send now, regardless of the congestion window.
     */
    public int onPtoTimeout(long nowNanos) {
        ptoCount++;
        return PROBE_PACKETS;
    }

    /**
     * When the earliest outstanding packet below the largest acknowledged becomes lost by time threshold;
     * Long.MAX_VALUE when none waits. Takes precedence over {@link #ptoDeadlineNanos()}.
     */
    public long lossTimeNanos() {
        return lossTimeNanos;
    }

    /**
     * When the probe timeout fires (RFC 9002 section 6.2.1): the last ack-eliciting send plus
     * {@link #ptoPeriodNanos()}; Long.MAX_VALUE when no ack-eliciting packet is in flight, and for Application
     * Data until the handshake is confirmed.
     */
    public long ptoDeadlineNanos() {
        if (ackElicitingInFlight == 0
                || space == PacketNumberSpace.APPLICATION && !rtt.handshakeConfirmed()) {
            return Long.MAX_VALUE;
        }
        // Times may be negative (System.nanoTime() can be); the period never is, so a sum below the send
        // time can only mean overflow.
        long deadline = lastAckElicitingSentNanos + ptoPeriodNanos();
        return deadline < lastAckElicitingSentNanos ? Long.MAX_VALUE : deadline;
    }

    /**
     * The probe timeout with backoff: (smoothed_rtt + max(4 * rttvar, kGranularity)) * 2^pto_count, plus
     * max_ack_delay * 2^pto_count for Application Data. Also what the client's anti-deadlock probe waits from
     * now (RFC 9002 section 6.2.2.1).
     */
    public long ptoPeriodNanos() {
        long base = rtt.basePtoNanos();
        if (space == PacketNumberSpace.APPLICATION) {
            base += rtt.maxAckDelayNanos();
        }
        int shift = Math.min(ptoCount, MAX_BACKOFF_SHIFT);
        return base > Long.MAX_VALUE >> shift ? Long.MAX_VALUE : base << shift;
    }

    /** pto_count: probe timeouts since the last acknowledgement reset it. */
    public int ptoCount() {
        return ptoCount;
    }

    /**
     * Whether acknowledgements reset the probe backoff (RFC 9002 section 6.2.1); true by default, as on the
     * server. A client passes false for the Initial space until the server has validated its address.
     */
    public void setPeerCompletedAddressValidation(boolean validated) {
        peerCompletedAddressValidation = validated;
    }

    /**
     * Forgets every packet when this space's keys are discarded (RFC 9002 section 6.4): they leave the bytes in
     * flight without being reported lost, and both timers stop.
     */
    public void discard() {
        for (long pn = head; pn < next; pn++) {
            frames[slot(pn)] = null;
        }
        head = next;
        unsentKept = 0;
        bytesInFlight = 0;
        ackElicitingInFlight = 0;
        lossTimeNanos = Long.MAX_VALUE;
        ptoCount = 0;
    }

    /**
     * Whether the next packet should be ack-eliciting (a PING will do) because the last {@link #ELICIT_ACK_AFTER}
     * were not: a peer does not acknowledge ACK-only packets on their own (RFC 9000 section 13.2.4), and until it
     * does they stay tracked here, so a receive-only connection would otherwise grow this ring without end.
     */
    public boolean shouldElicitAck() {
        return sentSinceAckEliciting >= ELICIT_ACK_AFTER;
    }

    /** Bytes of this space's in-flight packets neither acknowledged, lost nor discarded. */
    public long bytesInFlight() {
        return bytesInFlight;
    }

    /** How many ack-eliciting packets are in flight. */
    public int ackElicitingInFlight() {
        return ackElicitingInFlight;
    }

    /** The largest packet number the peer acknowledged; -1 before any ACK. */
    public long largestAcked() {
        return largestAcked;
    }

    /** The largest packet number sent; -1 before any. */
    public long largestSent() {
        return firstSent < 0 ? -1 : next - 1;
    }

    /** How many packet numbers the ring holds now (outstanding ones and what lies between them). */
    int keptPacketNumbers() {
        return (int) (next - head);
    }

    /**
     * Declares lost every outstanding packet up to the largest acknowledged that is kPacketThreshold below it or
     * older than the loss delay (RFC 9002 section 6.1), re-arms the loss timer for the rest, and detects
     * persistent congestion among them (section 7.6.2).
     */
    private void detectLost(long nowNanos, Listener listener) {
        lossTimeNanos = Long.MAX_VALUE;
        if (largestAcked < 0) {
            return;
        }
        long lossDelay = rtt.lossDelayNanos();
        long lostSendTime = nowNanos - lossDelay;
        long congestionSpan = rtt.persistentCongestionDurationNanos();
        long lostBytes = 0;
        long largestLostSentTime = Long.MIN_VALUE;
        boolean anyInFlightLost = false;
        // Ack-eliciting losses, sent after the first RTT sample, with no acknowledgement between them.
        boolean inLostRun = false;
        long lostRunStart = 0;
        boolean persistentCongestion = false;
        for (long pn = head; pn <= largestAcked; pn++) {
            int s = slot(pn);
            int state = slots[s] & STATE_BITS;
            if (state == ACKED || state == NEWLY_ACKED) {
                inLostRun = false;
                continue;
            }
            if (state != OUTSTANDING) {
                continue;
            }
            long sent = sentTimes[s];
            if (sent > lostSendTime && largestAcked - pn < PACKET_THRESHOLD) {
                lossTimeNanos = Math.min(lossTimeNanos, sent + lossDelay);
                continue;
            }
            int kind = forget(s, LOST);
            listener.onLost(pn, sizes[s], frames[s]);
            frames[s] = null;
            if ((kind & MTU_PROBE) != 0) {
                continue; // too large for the path, not a sign of congestion; nor does it break a lost run
            }
            if ((kind & IN_FLIGHT) != 0) {
                anyInFlightLost = true;
                lostBytes += sizes[s];
                largestLostSentTime = Math.max(largestLostSentTime, sent);
            }
            if ((kind & ACK_ELICITING) != 0 && rtt.hasSample() && sent > rtt.firstSampleTimeNanos()) {
                if (!inLostRun) {
                    inLostRun = true;
                    lostRunStart = sent;
                } else if (sent - lostRunStart > congestionSpan) {
                    persistentCongestion = true;
                }
            }
        }
        if (anyInFlightLost) {
            controller.onPacketsLost(lostBytes, largestLostSentTime, nowNanos);
        }
        if (persistentCongestion) {
            controller.onPersistentCongestion();
            rtt.onPersistentCongestion();
        }
    }

    /** Moves an outstanding slot to {@code state}, out of the in-flight counts; returns its kind bits. */
    private int forget(int s, int state) {
        int bits = slots[s];
        slots[s] = (byte) ((bits & ~STATE_BITS) | state);
        if ((bits & IN_FLIGHT) != 0) {
            bytesInFlight -= sizes[s];
        }
        if ((bits & ACK_ELICITING) != 0) {
            ackElicitingInFlight--;
        }
        return bits;
    }

    /** Drops from the ring the packets no longer outstanding below the oldest outstanding one. */
    private void advanceHead() {
        for (; head < next; head++) {
            int s = slot(head);
            int state = slots[s] & STATE_BITS;
            if (state == OUTSTANDING) {
                return;
            }
            if (state == NOT_SENT) {
                unsentKept--;
            }
            frames[s] = null;
        }
    }

    private void rejectUnsent(long[] ranges, int pairCount) throws QuicTransportException {
        for (int i = 0; i < pairCount; i++) {
            for (long pn = Math.max(ranges[2 * i], head), hi = ranges[2 * i + 1]; pn <= hi; pn++) {
                if ((slots[slot(pn)] & STATE_BITS) == NOT_SENT) {
                    throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, ACK_FRAME_TYPE,
                            "ACK of skipped packet number " + pn + " in " + space);
                }
            }
        }
    }

    private static void checkRanges(long[] ranges, int pairCount) throws QuicTransportException {
        if (pairCount < 1) {
            throw new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, ACK_FRAME_TYPE,
                    "ACK frame without a range");
        }
        long below = Long.MAX_VALUE;
        for (int i = 0; i < pairCount; i++) {
            long smallest = ranges[2 * i];
            long largest = ranges[2 * i + 1];
            // Ranges are separated by at least one unacknowledged packet (RFC 9000 section 19.3.1).
            if (smallest < 0 || smallest > largest || i > 0 && largest >= below - 1) {
                throw new QuicTransportException(QuicTransportException.FRAME_ENCODING_ERROR, ACK_FRAME_TYPE,
                        "ACK range " + i + " [" + smallest + ", " + largest + "] malformed or out of order");
            }
            below = smallest;
        }
    }

    private static long microsToNanos(long micros) {
        if (micros <= 0) {
            return 0;
        }
        return micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : micros * 1000;
    }

    private int slot(long packetNumber) {
        return (int) packetNumber & mask;
    }

    private void ensureCapacity(long span) {
        if (span <= sentTimes.length) {
            return;
        }
        if (span > MAX_CAPACITY) {
            throw new IllegalStateException("more than " + MAX_CAPACITY + " packet numbers outstanding");
        }
        int capacity = Integer.highestOneBit((int) span - 1) << 1;
        long[] newTimes = new long[capacity];
        int[] newSizes = new int[capacity];
        byte[] newSlots = new byte[capacity];
        Object[] newFrames = new Object[capacity];
        int newMask = capacity - 1;
        for (long pn = head; pn < next; pn++) {
            int from = slot(pn);
            int to = (int) pn & newMask;
            newTimes[to] = sentTimes[from];
            newSizes[to] = sizes[from];
            newSlots[to] = slots[from];
            newFrames[to] = frames[from];
        }
        sentTimes = newTimes;
        sizes = newSizes;
        slots = newSlots;
        frames = newFrames;
        mask = newMask;
    }
}
