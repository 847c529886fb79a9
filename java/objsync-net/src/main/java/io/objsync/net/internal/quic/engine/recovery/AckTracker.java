package io.objsync.net.internal.quic.engine.recovery;

import java.util.Arrays;

/**
 * The packets we received in one packet number space and when to acknowledge them (RFC 9000 section 13.2): the
 * received packet numbers as merged ranges, highest first, at most {@link #maxRanges()} of them; when an ACK is
 * due; and the pruning of ranges the peer has seen acknowledged (section 13.2.4). Packet numbers at or below a
 * floor (pruned or dropped ranges) count as duplicates from then on, as section 13.2.3 allows, so memory stays
 * bounded whatever the peer sends. Not thread-safe: one connection thread owns it.
 */
public final class AckTracker {

    /** How many ranges are kept unless the constructor says otherwise. */
    public static final int DEFAULT_MAX_RANGES = 32;
    /** Ack-eliciting packets received before an ACK is sent without waiting (RFC 9000 section 13.2.2). */
    public static final int DEFAULT_ACK_ELICITING_THRESHOLD = 2;
    /** Our max_ack_delay unless set (RFC 9000 section 18.2's default). */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 25_000_000L;
    /** ACKs we sent whose acknowledgement can still prune ranges; older ones are forgotten. */
    private static final int SENT_ACKS_REMEMBERED = 64;

    private final int maxRanges;
    /** (smallest, largest) pairs, highest first; one spare pair for the moment before the lowest is dropped. */
    private final long[] ranges;
    private int pairCount;
    /** Every packet number at or below this counts as already received. */
    private long floor = -1;
    private long largest = -1;
    private long largestReceivedNanos;
    private long largestAckEliciting = -1;

    private int ackElicitingThreshold = DEFAULT_ACK_ELICITING_THRESHOLD;
    /** Ack-eliciting packets after which {@link #decimatedThreshold} applies; Long.MAX_VALUE for never. */
    private long decimateAfter = Long.MAX_VALUE;
    private int decimatedThreshold = DEFAULT_ACK_ELICITING_THRESHOLD;
    private long ackElicitingReceived;
    private long maxAckDelayNanos = DEFAULT_MAX_ACK_DELAY_NANOS;
    private int ackElicitingSinceAck;
    private boolean ackNow;
    private long ackDueNanos = Long.MAX_VALUE;

    private final long[] sentAckPacketNumbers = new long[SENT_ACKS_REMEMBERED];
    private final long[] sentAckLargest = new long[SENT_ACKS_REMEMBERED];
    private int sentAckNext;

    /** A tracker keeping at most {@link #DEFAULT_MAX_RANGES} ranges. */
    public AckTracker() {
        this(DEFAULT_MAX_RANGES);
    }

    /** A tracker keeping at most {@code maxRanges} ranges; below them, packets count as duplicates. */
    public AckTracker(int maxRanges) {
        if (maxRanges < 1) {
            throw new IllegalArgumentException("maxRanges must be positive: " + maxRanges);
        }
        this.maxRanges = maxRanges;
        ranges = new long[2 * (maxRanges + 1)];
        Arrays.fill(sentAckPacketNumbers, -1);
    }

    /**
     * Sets after how many ack-eliciting packets an ACK is due at once; 1 acknowledges every one immediately, as
     * Initial and Handshake packets must be (RFC 9000 section 13.2.1).
     */
    public void setAckElicitingThreshold(int packets) {
        if (packets < 1) {
            throw new IllegalArgumentException("threshold must be positive: " + packets);
        }
        ackElicitingThreshold = packets;
    }

    /**
     * ACK decimation, as Chromium's QUIC and Linux's TCP do for bulk transfers: once {@code afterPackets}
     * ack-eliciting packets have arrived, an ACK is due at once only every {@code threshold} of them (the ACK delay
     * still bounds how long one waits, and a gap or reordering still makes one due at once). The first packets keep
     * the tighter threshold, so a sender in slow start gets its ACKs, and its window grows, at the usual pace; later,
     * each ACK costs both ends a packet's work for less data, which is what held a bulk download back.
     */
    public void setAckDecimation(long afterPackets, int threshold) {
        if (afterPackets < 0 || threshold < 1) {
            throw new IllegalArgumentException("ACK decimation after " + afterPackets + " packets, every " + threshold);
        }
        decimateAfter = afterPackets;
        decimatedThreshold = threshold;
    }

    /** Sets our max_ack_delay: how long an ack-eliciting packet may wait for its ACK. */
    public void setMaxAckDelayNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("max_ack_delay must not be negative: " + nanos);
        }
        maxAckDelayNanos = nanos;
    }

    /** The most ranges kept. */
    public int maxRanges() {
        return maxRanges;
    }

    /**
     * Records a packet that was received and decrypted; false when it is a duplicate (or at or below the floor),
     * which the caller then drops unprocessed. An ack-eliciting packet that arrives out of order or leaves a gap
     * makes an ACK due at once (RFC 9000 section 13.2.1).
     */
    public boolean onPacketReceived(long packetNumber, boolean ackEliciting, long nowNanos) {
        if (packetNumber <= floor) {
            return false;
        }
        long rangeSmallest = insert(packetNumber);
        if (rangeSmallest < 0) {
            return false;
        }
        if (packetNumber > largest) {
            largest = packetNumber;
            largestReceivedNanos = nowNanos;
        }
        if (!ackEliciting) {
            return true;
        }
        boolean outOfOrder = packetNumber < largestAckEliciting;
        boolean leavesGap = largestAckEliciting >= 0
                && rangeSmallest > Math.max(largestAckEliciting, floor) + 1;
        largestAckEliciting = Math.max(largestAckEliciting, packetNumber);
        if (ackElicitingSinceAck++ == 0) {
            ackDueNanos = nowNanos + maxAckDelayNanos;
        }
        int threshold = ++ackElicitingReceived > decimateAfter ? decimatedThreshold : ackElicitingThreshold;
        if (outOfOrder || leavesGap || ackElicitingSinceAck >= threshold) {
            ackNow = true;
            ackDueNanos = Math.min(ackDueNanos, nowNanos);
        }
        return true;
    }

    /** Whether an ACK should go out with the next packet, without waiting for {@link #ackDeadlineNanos()}. */
    public boolean ackNow() {
        return ackNow;
    }

    /**
     * When an ACK must be sent at the latest: the first unacknowledged ack-eliciting packet's arrival plus
     * max_ack_delay, or the arrival that made one due at once (in the past, then); Long.MAX_VALUE when no
     * ack-eliciting packet waits.
     */
    public long ackDeadlineNanos() {
        return ackDueNanos;
    }

    /**
     * Copies the ranges, (smallest, largest) pairs highest first, into {@code out} (which must hold
     * 2 * {@link #maxRanges()} longs); returns the pair count, 0 when there is nothing to acknowledge.
     */
    public int fillRanges(long[] out) {
        System.arraycopy(ranges, 0, out, 0, 2 * pairCount);
        return pairCount;
    }

    /** How many ranges an ACK would carry now (0 when all were pruned). */
    public int rangeCount() {
        return pairCount;
    }

    /** The ACK Delay to report now, in microseconds: how long ago the largest packet arrived. */
    public long ackDelayMicros(long nowNanos) {
        return largest < 0 ? 0 : Math.max(0, nowNanos - largestReceivedNanos) / 1000;
    }

    /** The largest packet number received; -1 before any (what packet number decoding expands against). */
    public long largestReceived() {
        return largest;
    }

    /**
     * An ACK whose Largest Acknowledged was {@code largestAckedInIt} left in packet {@code packetNumber}: nothing
     * is due until new ack-eliciting packets arrive, and once that packet is acknowledged the ranges it covered
     * can be pruned.
     */
    public void onAckSent(long packetNumber, long largestAckedInIt) {
        ackElicitingSinceAck = 0;
        ackNow = false;
        ackDueNanos = Long.MAX_VALUE;
        sentAckPacketNumbers[sentAckNext] = packetNumber;
        sentAckLargest[sentAckNext] = largestAckedInIt;
        sentAckNext = (sentAckNext + 1) % SENT_ACKS_REMEMBERED;
    }

    /**
     * The peer acknowledged packet {@code packetNumber}; if it carried one of our ACKs, packets up to that ACK's
     * Largest Acknowledged are no longer acknowledged (RFC 9000 section 13.2.4) and count as duplicates.
     */
    public void onAckOfAck(long packetNumber) {
        for (int i = 0; i < SENT_ACKS_REMEMBERED; i++) {
            if (sentAckPacketNumbers[i] == packetNumber) {
                sentAckPacketNumbers[i] = -1;
                pruneThrough(sentAckLargest[i]);
                return;
            }
        }
    }

    /**
     * Adds {@code pn} to the ranges, merging neighbours; returns the smallest packet number of the range holding
     * it, or -1 for a duplicate.
     */
    private long insert(long pn) {
        int i = 0;
        while (i < pairCount && ranges[2 * i] > pn) {
            i++;
        }
        // Range i (if any) starts at or below pn; range i - 1 (if any) starts above it.
        if (i < pairCount && ranges[2 * i + 1] >= pn) {
            return -1;
        }
        boolean joinsBelow = i < pairCount && ranges[2 * i + 1] == pn - 1;
        boolean joinsAbove = i > 0 && ranges[2 * i - 2] == pn + 1;
        if (joinsBelow && joinsAbove) {
            ranges[2 * i - 2] = ranges[2 * i];
            removePair(i);
            return ranges[2 * i - 2];
        }
        if (joinsAbove) {
            ranges[2 * i - 2] = pn;
            return pn;
        }
        if (joinsBelow) {
            ranges[2 * i + 1] = pn;
            return ranges[2 * i];
        }
        System.arraycopy(ranges, 2 * i, ranges, 2 * i + 2, 2 * (pairCount - i));
        ranges[2 * i] = pn;
        ranges[2 * i + 1] = pn;
        pairCount++;
        if (pairCount > maxRanges) {
            // Forget the oldest range; its packets (and anything older) now count as duplicates.
            pairCount--;
            floor = Math.max(floor, ranges[2 * pairCount + 1]);
        }
        return pn;
    }

    private void removePair(int i) {
        System.arraycopy(ranges, 2 * i + 2, ranges, 2 * i, 2 * (pairCount - i - 1));
        pairCount--;
    }

    private void pruneThrough(long packetNumber) {
        if (packetNumber <= floor) {
            return;
        }
        floor = packetNumber;
        while (pairCount > 0 && ranges[2 * pairCount - 1] <= packetNumber) {
            pairCount--;
        }
        if (pairCount > 0 && ranges[2 * pairCount - 2] <= packetNumber) {
            ranges[2 * pairCount - 2] = packetNumber + 1;
        }
    }
}
