package io.objsync.net.internal.quic.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 9000 section 13.2: which packets we acknowledge, and when. */
class AckTrackerTest {

    private static final long MS = 1_000_000L;

    private static long[] ranges(AckTracker tracker) {
        long[] out = new long[2 * tracker.maxRanges()];
        return Arrays.copyOf(out, 2 * tracker.fillRanges(out));
    }

    private static void receive(AckTracker tracker, long... packetNumbers) {
        for (long pn : packetNumbers) {
            assertTrue(tracker.onPacketReceived(pn, true, 0), "first arrival of " + pn);
        }
    }

    @Test
    void duplicatesAreRejected() {
        AckTracker tracker = new AckTracker();
        assertEquals(-1, tracker.largestReceived());
        receive(tracker, 0, 1, 2, 7);
        assertFalse(tracker.onPacketReceived(1, true, 0));
        assertFalse(tracker.onPacketReceived(7, false, 0));
        assertEquals(7, tracker.largestReceived());
        assertArrayEquals(new long[] {7, 7, 0, 2}, ranges(tracker));
    }

    @Test
    void rangesMergeAsGapsFill() {
        AckTracker tracker = new AckTracker();
        receive(tracker, 0, 1, 2, 5, 6, 4);
        assertArrayEquals(new long[] {4, 6, 0, 2}, ranges(tracker));
        receive(tracker, 3);
        assertArrayEquals(new long[] {0, 6}, ranges(tracker));
        receive(tracker, 9, 8);
        assertArrayEquals(new long[] {8, 9, 0, 6}, ranges(tracker));
        assertEquals(2, tracker.rangeCount());
    }

    @Test
    void everySecondAckElicitingPacketIsAcknowledgedAtOnce() {
        AckTracker tracker = new AckTracker();
        assertEquals(Long.MAX_VALUE, tracker.ackDeadlineNanos());
        tracker.onPacketReceived(0, true, 10 * MS);
        assertFalse(tracker.ackNow());
        assertEquals(35 * MS, tracker.ackDeadlineNanos(), "arrival plus max_ack_delay 25 ms");
        tracker.onPacketReceived(1, true, 12 * MS);
        assertTrue(tracker.ackNow());
        assertEquals(12 * MS, tracker.ackDeadlineNanos());

        tracker.onAckSent(100, 1);
        assertFalse(tracker.ackNow());
        assertEquals(Long.MAX_VALUE, tracker.ackDeadlineNanos());
        tracker.setMaxAckDelayNanos(5 * MS);
        tracker.onPacketReceived(2, true, 20 * MS);
        assertEquals(25 * MS, tracker.ackDeadlineNanos());

        AckTracker eager = new AckTracker();
        eager.setAckElicitingThreshold(1);
        eager.onPacketReceived(0, true, 0);
        assertTrue(eager.ackNow(), "Initial and Handshake packets are acknowledged immediately");
    }

    @Test
    void afterTheFirstPacketsOnlyEveryTenthIsAcknowledgedAtOnceButGapsStillAre() {
        AckTracker tracker = new AckTracker();
        tracker.setAckDecimation(4, 10);
        long pn = 0;
        for (int pair = 0; pair < 2; pair++) { // packets 1-4: every second one, as before decimation
            tracker.onPacketReceived(pn++, true, 0);
            assertFalse(tracker.ackNow());
            tracker.onPacketReceived(pn++, true, 0);
            assertTrue(tracker.ackNow(), "packet " + pn + " is the second since the last ACK");
            tracker.onAckSent(1000 + pn, pn - 1);
        }
        for (int i = 1; i < 10; i++) {
            tracker.onPacketReceived(pn++, true, 40 * MS);
            assertFalse(tracker.ackNow(), i + " packets since the last ACK");
        }
        assertEquals(65 * MS, tracker.ackDeadlineNanos(), "max_ack_delay still bounds the wait");
        tracker.onPacketReceived(pn++, true, 41 * MS);
        assertTrue(tracker.ackNow(), "the tenth");
        tracker.onAckSent(2000, pn - 1);

        tracker.onPacketReceived(pn + 1, true, 50 * MS); // pn itself is missing
        assertTrue(tracker.ackNow(), "a gap is acknowledged at once whatever the threshold");
        tracker.onAckSent(2001, pn + 1);
        tracker.onPacketReceived(pn, true, 51 * MS);
        assertTrue(tracker.ackNow(), "so is the packet that fills it");
    }

    @Test
    void packetsThatAreNotAckElicitingNeverMakeAnAckDue() {
        AckTracker tracker = new AckTracker();
        tracker.onPacketReceived(0, false, 0);
        tracker.onPacketReceived(5, false, 0);
        tracker.onPacketReceived(3, false, 0);
        assertFalse(tracker.ackNow());
        assertEquals(Long.MAX_VALUE, tracker.ackDeadlineNanos());
        assertArrayEquals(new long[] {5, 5, 3, 3, 0, 0}, ranges(tracker), "but they are acknowledged");
    }

    @Test
    void aGapOrAPacketFillingOneMakesAnAckDueAtOnce() {
        AckTracker tracker = new AckTracker();
        tracker.onPacketReceived(0, true, 0);
        tracker.onAckSent(100, 0);
        tracker.onPacketReceived(2, true, 5 * MS);
        assertTrue(tracker.ackNow(), "1 is missing");
        assertEquals(5 * MS, tracker.ackDeadlineNanos());

        tracker.onAckSent(101, 2);
        tracker.onPacketReceived(1, true, 6 * MS);
        assertTrue(tracker.ackNow(), "1 arrived out of order");

        tracker.onAckSent(102, 2);
        tracker.onPacketReceived(3, true, 7 * MS);
        assertFalse(tracker.ackNow(), "in order again");

        // A gap after packets that were not ack-eliciting still counts as a gap once one arrives.
        tracker.onAckSent(103, 3);
        tracker.onPacketReceived(4, false, 8 * MS);
        tracker.onPacketReceived(5, true, 8 * MS);
        assertFalse(tracker.ackNow(), "4 filled the space between 3 and 5");
    }

    @Test
    void rangesAreBoundedAndTheDroppedOnesCountAsDuplicates() {
        AckTracker tracker = new AckTracker(4);
        receive(tracker, 0, 2, 4, 6, 8);
        assertArrayEquals(new long[] {8, 8, 6, 6, 4, 4, 2, 2}, ranges(tracker));
        assertFalse(tracker.onPacketReceived(0, true, 0), "its range was dropped");
        assertTrue(tracker.onPacketReceived(1, true, 0), "never received, above the dropped range");
        assertArrayEquals(new long[] {8, 8, 6, 6, 4, 4, 1, 2}, ranges(tracker));
        for (long pn = 10; pn < 1000; pn += 2) {
            tracker.onPacketReceived(pn, true, 0);
        }
        assertEquals(4, tracker.rangeCount());
        assertArrayEquals(new long[] {998, 998, 996, 996, 994, 994, 992, 992}, ranges(tracker));
        assertFalse(tracker.onPacketReceived(990, true, 0), "its range was dropped last");
        assertFalse(tracker.onPacketReceived(3, true, 0));
    }

    @Test
    void anAcknowledgedAckPrunesWhatItCovered() {
        AckTracker tracker = new AckTracker();
        receive(tracker, 0, 1, 2, 3, 4);
        tracker.onAckSent(100, 4);
        receive(tracker, 5, 8);
        tracker.onAckOfAck(99);
        assertArrayEquals(new long[] {8, 8, 0, 5}, ranges(tracker), "99 carried no ACK");
        tracker.onAckOfAck(100);
        assertArrayEquals(new long[] {8, 8, 5, 5}, ranges(tracker));
        assertFalse(tracker.onPacketReceived(2, true, 0), "below the pruned floor");

        tracker.onAckSent(101, 8);
        tracker.onAckOfAck(101);
        assertEquals(0, tracker.rangeCount(), "nothing left to acknowledge");
        assertFalse(tracker.onPacketReceived(6, true, 0), "7 and 6 are below the floor now");
        assertEquals(8, tracker.largestReceived(), "still known for packet number decoding");
        receive(tracker, 9);
        assertArrayEquals(new long[] {9, 9}, ranges(tracker));
    }

    @Test
    void ackDelayCountsFromTheLargestPacketsArrival() {
        AckTracker tracker = new AckTracker();
        assertEquals(0, tracker.ackDelayMicros(5 * MS));
        tracker.onPacketReceived(5, true, MS);
        tracker.onPacketReceived(3, true, 2 * MS);
        assertEquals(9_000, tracker.ackDelayMicros(10 * MS), "3 arrived later but 5 is the largest");
        tracker.onPacketReceived(6, true, 4 * MS);
        assertEquals(6_000, tracker.ackDelayMicros(10 * MS));
        assertEquals(6, tracker.largestReceived());
    }
}
