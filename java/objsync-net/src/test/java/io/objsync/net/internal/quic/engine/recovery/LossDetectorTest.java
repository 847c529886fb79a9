package io.objsync.net.internal.quic.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9002 sections 5.1, 6 and 7.6, driven with explicit times in whole milliseconds. */
class LossDetectorTest {

    private static final long MS = 1_000_000L;
    private static final int SIZE = 1200;

    private final RttEstimator rtt = new RttEstimator();
    private final NewReno cc = new NewReno(SIZE);
    private final Recorder recorder = new Recorder();

    /** Collects what the detector reports, in order. */
    private static final class Recorder implements LossDetector.Listener {
        final List<Long> acked = new ArrayList<>();
        final List<Long> lost = new ArrayList<>();
        final List<Object> tokens = new ArrayList<>();

        @Override
        public void onAcked(long packetNumber, int bytes, Object frames) {
            acked.add(packetNumber);
            tokens.add(frames);
        }

        @Override
        public void onLost(long packetNumber, int bytes, Object frames) {
            lost.add(packetNumber);
            tokens.add(frames);
        }
    }

    private LossDetector detector(PacketNumberSpace space) {
        return new LossDetector(space, rtt, cc);
    }

    private static void send(LossDetector d, long pn, long atNanos) {
        d.onPacketSent(pn, atNanos, SIZE, true, true, "frames-" + pn);
    }

    private void ack(LossDetector d, long nowNanos, long... pairs) throws QuicTransportException {
        d.onAckReceived(pairs, pairs.length / 2, 0, nowNanos, recorder);
    }

    @Test
    void bytesInFlightCountsOnlyInFlightPacketsUntilAckedOrLost() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 5; pn++) {
            send(d, pn, pn * MS);
        }
        d.onPacketSent(5, 5 * MS, 50, false, false, "ack-only");
        assertEquals(5 * SIZE, d.bytesInFlight());
        assertEquals(5, d.ackElicitingInFlight());
        assertEquals(5, d.largestSent());

        ack(d, 10 * MS, 0, 1);
        assertEquals(3 * SIZE, d.bytesInFlight());
        assertEquals(List.of(0L, 1L), recorder.acked);
        assertEquals(List.of("frames-0", "frames-1"), recorder.tokens, "the caller's tokens come back");
        ack(d, 11 * MS, 5, 5);
        assertEquals(List.of(0L, 1L, 5L), recorder.acked);
        assertEquals(List.of(2L), recorder.lost, "5 - 2 >= kPacketThreshold");
        assertEquals(2 * SIZE, d.bytesInFlight(), "only the lost packet left; the ACK-only one never counted");
        assertEquals(2, d.ackElicitingInFlight());
    }

    @Test
    void ackWithSeveralRangesAcknowledgesOnlyThoseAndArmsTheLossTimer() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 10; pn++) {
            send(d, pn, pn * MS);
        }
        ack(d, 50 * MS, 5, 6, 0, 2);
        assertEquals(List.of(5L, 6L, 0L, 1L, 2L), recorder.acked);
        // 3 is three below the largest acknowledged; 4 is only two below and younger than the loss delay.
        assertEquals(List.of(3L), recorder.lost);
        assertEquals(44 * MS, rtt.latestRttNanos(), "sampled from packet 6, sent at 6 ms");
        assertEquals(6, d.largestAcked());
        // Loss delay 9/8 * 44 ms = 49.5 ms after packet 4's send at 4 ms.
        assertEquals(53_500_000L, d.lossTimeNanos());
        assertEquals(4 * SIZE, d.bytesInFlight(), "4, 7, 8 and 9");
    }

    @Test
    void timeThresholdLossWhenTheLossTimerFires() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 10; pn++) {
            send(d, pn, pn * MS);
        }
        ack(d, 50 * MS, 5, 6, 0, 2);
        d.onLossTimeout(53_500_000L - 1, recorder);
        assertEquals(List.of(3L), recorder.lost, "one nanosecond early");
        assertEquals(53_500_000L, d.lossTimeNanos());
        d.onLossTimeout(53_500_000L, recorder);
        assertEquals(List.of(3L, 4L), recorder.lost);
        assertEquals(Long.MAX_VALUE, d.lossTimeNanos());
        assertEquals(3 * SIZE, d.bytesInFlight());
        assertEquals(6_000, cc.congestionWindow(), "one congestion event for both losses: 12000 / 2");
    }

    @Test
    void packetThresholdLossNeedsThreeLaterPacketsAcknowledged() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 6; pn++) {
            send(d, pn, 0);
        }
        ack(d, MS, 2, 2);
        assertTrue(recorder.lost.isEmpty(), "2 - 0 < 3 and 1 ms is younger than the loss delay");
        ack(d, MS, 3, 3);
        assertEquals(List.of(0L), recorder.lost);
        ack(d, MS, 5, 5);
        assertEquals(List.of(0L, 1L), recorder.lost, "4 is only one below 5");
        assertEquals(SIZE, d.bytesInFlight());
    }

    @Test
    void aLostPathMtuProbeLeavesTheCongestionWindowAlone() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        d.onMtuProbeSent(0, 0, 1452, "probe");
        for (int pn = 1; pn < 5; pn++) {
            send(d, pn, 0);
        }
        long window = cc.congestionWindow();
        assertEquals(1452 + 4L * SIZE, d.bytesInFlight(), "a probe is in flight like any packet");
        ack(d, MS, 1, 4);
        assertEquals(List.of(0L), recorder.lost, "the probe is declared lost like any packet");
        assertEquals(0, d.bytesInFlight());
        assertTrue(cc.congestionWindow() >= window, "but its loss is no congestion signal");
        send(d, 5, MS);
        send(d, 6, MS);
        send(d, 7, MS);
        send(d, 8, MS);
        ack(d, 2 * MS, 6, 8);
        assertEquals(List.of(0L, 5L), recorder.lost);
        assertTrue(cc.congestionWindow() < window, "a lost ordinary packet still is");
    }

    @Test
    void ackOfAPacketNeverSentIsAProtocolViolation() {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        assertViolation(() -> ack(d, 0, 0, 0), "nothing sent yet");
        send(d, 0, 0);
        send(d, 1, 0);
        send(d, 3, 0);
        assertViolation(() -> ack(d, MS, 4, 4), "above the largest sent");
        assertViolation(() -> ack(d, MS, 2, 3), "2 was skipped");
        assertTrue(recorder.acked.isEmpty(), "nothing was processed");

        LossDetector late = detector(PacketNumberSpace.APPLICATION);
        send(late, 10, 0);
        assertViolation(() -> ack(late, MS, 9, 10), "below the first packet sent");
    }

    @Test
    void malformedRangesAreAFrameEncodingError() {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 10; pn++) {
            send(d, pn, 0);
        }
        assertFrameEncoding(() -> d.onAckReceived(new long[0], 0, 0, MS, recorder));
        assertFrameEncoding(() -> ack(d, MS, 5, 4));
        assertFrameEncoding(() -> ack(d, MS, 5, 6, 3, 4), "ranges must be separated by a gap");
        assertFrameEncoding(() -> ack(d, MS, 2, 3, 5, 6), "ranges must descend");
        assertFrameEncoding(() -> ack(d, MS, -1, 3));
    }

    @Test
    void rttSampleOnlyWhenTheLargestIsNewlyAckedAndSomethingAckEliciting() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        send(d, 0, 0);
        send(d, 1, MS);
        ack(d, 100 * MS, 0, 1);
        assertEquals(99 * MS, rtt.latestRttNanos());
        ack(d, 200 * MS, 0, 1);
        assertEquals(99 * MS, rtt.latestRttNanos(), "nothing newly acknowledged");

        d.onPacketSent(2, 300 * MS, 40, false, false, null);
        send(d, 3, 301 * MS);
        send(d, 4, 302 * MS);
        ack(d, 350 * MS, 2, 2);
        assertEquals(99 * MS, rtt.latestRttNanos(), "only an ACK-only packet newly acknowledged");
        ack(d, 400 * MS, 4, 4, 2, 2);
        assertEquals(98 * MS, rtt.latestRttNanos(), "from packet 4");
        ack(d, 401 * MS, 3, 4);
        assertEquals(List.of(0L, 1L, 2L, 4L, 3L), recorder.acked);
        assertEquals(98 * MS, rtt.latestRttNanos(), "3 is newly acknowledged, but the largest, 4, is not");
    }

    @Test
    void ackDelayIsIgnoredForInitialPackets() throws Exception {
        RttEstimator initialRtt = new RttEstimator();
        RttEstimator appRtt = new RttEstimator();
        LossDetector initial = new LossDetector(PacketNumberSpace.INITIAL, initialRtt, new NewReno(SIZE));
        LossDetector app = new LossDetector(PacketNumberSpace.APPLICATION, appRtt, new NewReno(SIZE));
        for (LossDetector d : new LossDetector[] {initial, app}) {
            send(d, 0, 0);
            send(d, 1, 100 * MS);
            d.onAckReceived(new long[] {0, 0}, 1, 0, 100 * MS, recorder);
            d.onAckReceived(new long[] {1, 1}, 1, 40_000, 250 * MS, recorder);
        }
        assertEquals(106_250_000L, initialRtt.smoothedRttNanos(), "(7 * 100 + 150) / 8");
        assertEquals(101_250_000L, appRtt.smoothedRttNanos(), "(7 * 100 + 110) / 8");
    }

    @Test
    void ptoBacksOffExponentiallyAndAnAckResetsIt() throws Exception {
        rtt.onHandshakeConfirmed();
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        assertEquals(Long.MAX_VALUE, d.ptoDeadlineNanos(), "nothing in flight");
        send(d, 0, 0);
        // 333 + 4 * 166.5 + max_ack_delay 25 = 1024 ms.
        assertEquals(1024 * MS, d.ptoDeadlineNanos());
        assertEquals(2, d.onPtoTimeout(1024 * MS));
        assertEquals(1, d.ptoCount());
        assertEquals(2048 * MS, d.ptoDeadlineNanos());
        send(d, 1, 1024 * MS);
        assertEquals((1024 + 2048) * MS, d.ptoDeadlineNanos(), "from the last ack-eliciting send");
        d.onPtoTimeout(3072 * MS);
        send(d, 2, 3072 * MS);
        assertEquals((3072 + 4096) * MS, d.ptoDeadlineNanos());

        ack(d, 3172 * MS, 2, 2);
        assertEquals(0, d.ptoCount());
        assertEquals(List.of(0L, 1L), recorder.lost, "both older than 9/8 of the 100 ms sample");
        assertEquals(Long.MAX_VALUE, d.ptoDeadlineNanos());
        send(d, 3, 4000 * MS);
        // 100 + 4 * 50 + 25 ms.
        assertEquals(4325 * MS, d.ptoDeadlineNanos());
    }

    @Test
    void timesMayBeNegativeAsSystemNanoTimeAllows() throws Exception {
        rtt.onHandshakeConfirmed();
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        long base = -9_000_000_000_000_000L;
        send(d, 0, base);
        assertEquals(base + 1024 * MS, d.ptoDeadlineNanos());
        for (int i = 0; i < 40; i++) {
            d.onPtoTimeout(base);
        }
        assertEquals(base + (1024 * MS << 30), d.ptoDeadlineNanos(), "backoff stops doubling at 2^30");
        send(d, 1, Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE, d.ptoDeadlineNanos(), "saturates instead of wrapping");
        send(d, 2, Long.MAX_VALUE);
        ack(d, Long.MAX_VALUE, 2, 2);
        assertEquals(List.of(2L), recorder.acked);
        assertEquals(List.of(0L), recorder.lost);
    }

    @Test
    void ptoRulesDifferBySpaceAndHandshakeState() throws Exception {
        LossDetector app = detector(PacketNumberSpace.APPLICATION);
        LossDetector handshake = detector(PacketNumberSpace.HANDSHAKE);
        send(app, 0, 0);
        send(handshake, 0, 0);
        assertEquals(Long.MAX_VALUE, app.ptoDeadlineNanos(), "no Application probe before confirmation");
        assertEquals(999 * MS, handshake.ptoDeadlineNanos(), "no max_ack_delay outside Application Data");
        rtt.onHandshakeConfirmed();
        assertEquals(1024 * MS, app.ptoDeadlineNanos());

        handshake.setPeerCompletedAddressValidation(false);
        handshake.onPtoTimeout(999 * MS);
        send(handshake, 1, 999 * MS);
        ack(handshake, 1100 * MS, 1, 1);
        assertEquals(1, handshake.ptoCount(), "a client unsure of its address keeps the backoff");
        assertEquals(List.of(0L), recorder.lost);

        send(handshake, 2, 1100 * MS);
        handshake.discard();
        assertEquals(0, handshake.bytesInFlight());
        assertEquals(0, handshake.ptoCount());
        assertEquals(Long.MAX_VALUE, handshake.ptoDeadlineNanos());
        assertEquals(List.of(1L), recorder.acked, "discarded packets are neither acked nor lost");
        assertEquals(List.of(0L), recorder.lost);
    }

    @Test
    void lossesSpanningThePersistentCongestionPeriodCollapseTheWindow() throws Exception {
        // The ACK's sample leaves smoothed 100 ms, rttvar 37.5 ms: persistent congestion takes
        // (100 + 4 * 37.5 + 25) * 3 = 825 ms, and these losses span 1100 ms.
        loseAfterFirstSample(new long[] {200, 400, 700, 1000, 1300}, 1400, 6, 6);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), recorder.lost);
        // Collapsed to 2400 and out of recovery, so (RFC 9002 A.7: losses before acks) packet 6's
        // acknowledgement is slow start again: 2400 + 1200.
        assertEquals(3_600, cc.congestionWindow());
        assertEquals(6_000, cc.slowStartThreshold(), "the halving that preceded the collapse");
        assertEquals(100 * MS, rtt.minRttNanos());
    }

    @Test
    void shorterLossesOnlyHalveTheWindow() throws Exception {
        loseAfterFirstSample(new long[] {200, 300, 400, 500, 600}, 1100, 6, 6);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), recorder.lost, "spanning 400 ms");
        assertEquals(6_000, cc.congestionWindow());
    }

    @Test
    void anAcknowledgementBetweenTheLossesIsNotPersistentCongestion() throws Exception {
        loseAfterFirstSample(new long[] {200, 400, 700, 1000, 1300}, 1400, 6, 6, 3, 3);
        assertEquals(List.of(1L, 2L, 4L, 5L), recorder.lost);
        assertEquals(6_000, cc.congestionWindow());
    }

    /**
     * Packet 0, sent at 0 and acknowledged at 100 ms, gives the first sample (smoothed 100 ms, rttvar 50 ms);
     * then packets 1 to 5 leave at {@code sendMs}, packet 6 at {@code lastMs}, and {@code ackPairs} arrive
     * 100 ms later.
     */
    private void loseAfterFirstSample(long[] sendMs, long lastMs, long... ackPairs) throws QuicTransportException {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        send(d, 0, 0);
        ack(d, 100 * MS, 0, 0);
        assertEquals(12_000, cc.congestionWindow(), "one packet in flight did not grow the window");
        for (int i = 0; i < sendMs.length; i++) {
            send(d, i + 1, sendMs[i] * MS);
        }
        send(d, sendMs.length + 1, lastMs * MS);
        ack(d, (lastMs + 100) * MS, ackPairs);
    }

    @Test
    void hundredThousandPacketsInFlightAckedInAFewRanges() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        Object token = new Object();
        int count = 100_000;
        for (int pn = 0; pn < count; pn++) {
            d.onPacketSent(pn, pn * 1_000L, SIZE, true, true, token);
        }
        assertEquals((long) count * SIZE, d.bytesInFlight());
        long[] counts = new long[2];
        LossDetector.Listener listener = new LossDetector.Listener() {
            @Override
            public void onAcked(long packetNumber, int bytes, Object frames) {
                assertSame(token, frames);
                counts[0]++;
            }

            @Override
            public void onLost(long packetNumber, int bytes, Object frames) {
                assertTrue(packetNumber >= 29_991 && packetNumber <= 29_999
                        || packetNumber >= 59_991 && packetNumber <= 59_999, "lost " + packetNumber);
                counts[1]++;
            }
        };
        long[] ranges = {60_000, 99_999, 30_000, 59_990, 0, 29_990};
        d.onAckReceived(ranges, 3, 0, 200 * MS, listener);
        assertEquals(count - 18, counts[0]);
        assertEquals(18, counts[1]);
        assertEquals(0, d.bytesInFlight());
        assertEquals(0, d.ackElicitingInFlight());
        assertEquals(0, d.keptPacketNumbers(), "nothing left in the ring");
        assertEquals(200 * MS - 99_999_000L, rtt.latestRttNanos());

        // The same ACK again (the peer repeats ranges until they are pruned) changes nothing.
        d.onAckReceived(ranges, 3, 0, 201 * MS, listener);
        assertEquals(count - 18, counts[0]);
        d.onPacketSent(count, 300 * MS, SIZE, true, true, token);
        assertEquals(1, d.keptPacketNumbers());
    }

    @Test
    void aSkippedPacketNumberStaysKnownWhileTheRingGrows() throws Exception {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < 3000; pn++) {
            if (pn != 1500) {
                send(d, pn, pn);
            }
        }
        assertViolation(() -> ack(d, MS, 1500, 1500), "skipped, far past the first ring size");
        ack(d, MS, 1501, 2999, 0, 1499);
        assertEquals(2999, recorder.acked.size());
        assertTrue(recorder.lost.isEmpty());
        assertEquals(0, d.keptPacketNumbers());
        assertEquals(0, d.bytesInFlight());
    }

    @Test
    void aRunOfAckOnlyPacketsAsksForAnAckElicitingOne() {
        LossDetector d = detector(PacketNumberSpace.APPLICATION);
        for (int pn = 0; pn < LossDetector.ELICIT_ACK_AFTER; pn++) {
            assertFalse(d.shouldElicitAck(), "after " + pn);
            d.onPacketSent(pn, 0, 40, false, false, null);
        }
        assertTrue(d.shouldElicitAck());
        send(d, LossDetector.ELICIT_ACK_AFTER, 0);
        assertFalse(d.shouldElicitAck());
        assertThrows(IllegalArgumentException.class, () -> send(d, 3, 0), "packet numbers must increase");
    }

    private static void assertViolation(ThrowingAction action, String why) {
        QuicTransportException e = assertThrows(QuicTransportException.class, action::run, why);
        assertEquals(QuicTransportException.PROTOCOL_VIOLATION, e.errorCode(), why);
        assertEquals(0x02, e.frameType());
    }

    private static void assertFrameEncoding(ThrowingAction action) {
        assertFrameEncoding(action, "malformed");
    }

    private static void assertFrameEncoding(ThrowingAction action, String why) {
        QuicTransportException e = assertThrows(QuicTransportException.class, action::run, why);
        assertEquals(QuicTransportException.FRAME_ENCODING_ERROR, e.errorCode(), why);
    }

    /** An action that may throw the exception under test. */
    private interface ThrowingAction {
        void run() throws QuicTransportException;
    }
}
