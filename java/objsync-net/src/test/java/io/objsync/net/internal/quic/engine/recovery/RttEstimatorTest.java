package io.objsync.net.internal.quic.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9002 section 5: the estimator's arithmetic on chosen samples, worked out by hand. */
class RttEstimatorTest {

    private static final long MS = 1_000_000L;

    @Test
    void beforeAnySampleUsesTheInitialRtt() {
        RttEstimator rtt = new RttEstimator();
        assertFalse(rtt.hasSample());
        assertEquals(333 * MS, rtt.smoothedRttNanos());
        assertEquals(333 * MS / 2, rtt.rttVarNanos());
        // RFC 9002 section 6.2.2: the first PTO is 3 * kInitialRtt, i.e. 999 ms.
        assertEquals(999 * MS, rtt.basePtoNanos());

        rtt.setInitialRttNanos(100 * MS);
        assertEquals(100 * MS, rtt.smoothedRttNanos());
        assertEquals(50 * MS, rtt.rttVarNanos());
        assertThrows(IllegalArgumentException.class, () -> rtt.setInitialRttNanos(0));
    }

    @Test
    void firstSampleSetsEverythingAndIgnoresAckDelay() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS, 20 * MS, 7 * MS);
        assertTrue(rtt.hasSample());
        assertEquals(7 * MS, rtt.firstSampleTimeNanos());
        assertEquals(100 * MS, rtt.latestRttNanos());
        assertEquals(100 * MS, rtt.smoothedRttNanos());
        assertEquals(50 * MS, rtt.rttVarNanos());
        assertEquals(100 * MS, rtt.minRttNanos());

        rtt.setInitialRttNanos(10 * MS);
        assertEquals(100 * MS, rtt.smoothedRttNanos(), "a sample outranks the initial RTT");
    }

    @Test
    void laterSamplesSubtractAckDelayAndSmooth() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS, 0, 0);
        // 140 - 30 = 110 (140 >= min_rtt 100 + 30): rttvar = (3*50 + |100-110|)/4, smoothed = (7*100 + 110)/8.
        rtt.onSample(140 * MS, 30 * MS, 1);
        assertEquals(140 * MS, rtt.latestRttNanos());
        assertEquals(40 * MS, rtt.rttVarNanos());
        assertEquals(101_250_000L, rtt.smoothedRttNanos());
        assertEquals(100 * MS, rtt.minRttNanos());
    }

    @Test
    void ackDelayIsNotSubtractedBelowMinRtt() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS, 0, 0);
        // 110 < 100 + 30: the sample is used unadjusted.
        rtt.onSample(110 * MS, 30 * MS, 1);
        assertEquals(40 * MS, rtt.rttVarNanos());
        assertEquals(101_250_000L, rtt.smoothedRttNanos());
    }

    @Test
    void ackDelayIsCappedByMaxAckDelayOnlyOnceTheHandshakeIsConfirmed() {
        RttEstimator before = new RttEstimator();
        RttEstimator after = new RttEstimator();
        for (RttEstimator rtt : new RttEstimator[] {before, after}) {
            rtt.setMaxAckDelayNanos(10 * MS);
            rtt.onSample(100 * MS, 0, 0);
        }
        after.onHandshakeConfirmed();
        before.onSample(140 * MS, 30 * MS, 1);
        after.onSample(140 * MS, 30 * MS, 1);
        assertEquals(101_250_000L, before.smoothedRttNanos(), "30 ms subtracted: 110");
        assertEquals(103_750_000L, after.smoothedRttNanos(), "capped to 10 ms: 130");
        assertEquals(45 * MS, after.rttVarNanos());
    }

    @Test
    void minRttTracksTheSmallestUnadjustedSampleUntilPersistentCongestion() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS, 0, 0);
        rtt.onSample(80 * MS, 50 * MS, 1);
        assertEquals(80 * MS, rtt.minRttNanos(), "ack delay does not lower min_rtt");
        rtt.onSample(120 * MS, 0, 2);
        assertEquals(80 * MS, rtt.minRttNanos());
        rtt.onPersistentCongestion();
        assertEquals(120 * MS, rtt.minRttNanos(), "RFC 9002 5.2: reset to the newest sample");
    }

    @Test
    void derivedDurations() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS, 0, 0);
        assertEquals(300 * MS, rtt.basePtoNanos());
        assertEquals((300 + 25) * 3 * MS, rtt.persistentCongestionDurationNanos());
        assertEquals(112_500_000L, rtt.lossDelayNanos());

        RttEstimator tiny = new RttEstimator();
        tiny.onSample(400_000L, 0, 0);
        assertEquals(RttEstimator.GRANULARITY_NANOS, tiny.lossDelayNanos(), "at least kGranularity");
        assertEquals(400_000L + RttEstimator.GRANULARITY_NANOS, tiny.basePtoNanos(), "4*rttvar < kGranularity");
    }
}
