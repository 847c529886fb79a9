package io.objsync.net.internal.quic.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 9002 section 7.7: a burst of ten datagrams, then one every 1200 / rate nanoseconds. */
class PacerTest {

    /** 1.25 * 12000 bytes over 15.36 ms is exactly 1/1024 byte per nanosecond: 1200 bytes every 1,228,800 ns. */
    private static final long SRTT = 15_360_000L;
    private static final long SPACING = 1_228_800L;
    private static final int MDS = 1200;

    private static Pacer pacer() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(SRTT, 0, 0);
        return new Pacer(new NewReno(MDS), rtt);
    }

    @Test
    void burstThenEvenSpacing() {
        Pacer pacer = pacer();
        long t = 5_000_000_000L;
        assertEquals(1e9 / 1024, pacer.rateBytesPerSecond());
        for (int i = 0; i < Pacer.BURST_DATAGRAMS; i++) {
            assertEquals(t, pacer.nextSendTimeNanos(MDS, t), "burst packet " + i);
            pacer.onPacketSent(MDS, t);
        }
        assertEquals(t + SPACING, pacer.nextSendTimeNanos(MDS, t));
        assertEquals(t + SPACING, pacer.nextSendTimeNanos(MDS, t + SPACING / 2), "still the same instant");
        t += SPACING;
        assertEquals(t, pacer.nextSendTimeNanos(MDS, t));
        pacer.onPacketSent(MDS, t);
        assertEquals(t + SPACING, pacer.nextSendTimeNanos(MDS, t));
        assertEquals(t + SPACING / 2, pacer.nextSendTimeNanos(MDS / 2, t), "a small packet needs half");
    }

    @Test
    void idleTimeRefillsOnlyOneBurst() {
        Pacer pacer = pacer();
        long t = 0;
        for (int i = 0; i < Pacer.BURST_DATAGRAMS; i++) {
            pacer.onPacketSent(MDS, t);
        }
        t += 1_000_000_000L;
        for (int i = 0; i < Pacer.BURST_DATAGRAMS; i++) {
            assertEquals(t, pacer.nextSendTimeNanos(MDS, t));
            pacer.onPacketSent(MDS, t);
        }
        assertEquals(t + SPACING, pacer.nextSendTimeNanos(MDS, t));
    }

    @Test
    void packetsSentAnywayAreOwed() {
        Pacer pacer = pacer();
        for (int i = 0; i < Pacer.BURST_DATAGRAMS + 1; i++) {
            pacer.onPacketSent(MDS, 0);
        }
        assertEquals(2 * SPACING, pacer.nextSendTimeNanos(MDS, 0));
    }
}
