package io.objsync.net.internal.quic.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9002 section 7 and appendix B, step by step with 1200-byte datagrams. */
class NewRenoTest {

    private static final int MDS = 1200;

    @Test
    void initialAndMinimumWindows() {
        NewReno cc = new NewReno(MDS);
        assertEquals(12_000, cc.congestionWindow(), "min(10*1200, max(14720, 2400))");
        assertEquals(2_400, cc.minimumWindow());
        assertEquals(14_720, new NewReno(1500).initialWindow(), "min(15000, max(14720, 3000))");
        assertEquals(18_000, new NewReno(9000).initialWindow(), "min(90000, max(14720, 18000))");
        assertTrue(cc.inSlowStart());
        assertThrows(IllegalArgumentException.class, () -> new NewReno(1199));
    }

    @Test
    void canSendOnlyWhatTheWindowHolds() {
        NewReno cc = new NewReno(MDS);
        assertTrue(cc.canSend(0));
        assertTrue(cc.canSend(10_800));
        assertFalse(cc.canSend(10_801), "a full datagram would exceed the window");
        assertEquals(1_199, cc.availableWindow(10_801));
        assertEquals(0, cc.availableWindow(13_000));
    }

    @Test
    void slowStartLossRecoveryThenCongestionAvoidance() {
        NewReno cc = new NewReno(MDS);
        // Slow start: every acknowledged byte of a full window adds a byte.
        for (int i = 0; i < 10; i++) {
            cc.onPacketAcked(10 + i, MDS, 12_000);
        }
        assertEquals(24_000, cc.congestionWindow());

        // Loss: halve once and start a recovery period at now = 100.
        cc.onPacketsLost(MDS, 50, 100);
        assertEquals(12_000, cc.congestionWindow());
        assertEquals(12_000, cc.slowStartThreshold());
        assertFalse(cc.inSlowStart());

        // More losses of packets sent before the recovery started: no second reduction.
        cc.onPacketsLost(3 * MDS, 100, 150);
        assertEquals(12_000, cc.congestionWindow());
        // Acknowledgements of packets sent before it do not grow the window either.
        cc.onPacketAcked(99, MDS, 12_000);
        assertEquals(12_000, cc.congestionWindow());

        // Congestion avoidance: one datagram per window of bytes acknowledged, not before.
        for (int i = 0; i < 9; i++) {
            cc.onPacketAcked(200 + i, MDS, 12_000);
        }
        assertEquals(12_000, cc.congestionWindow());
        cc.onPacketAcked(209, MDS, 12_000);
        assertEquals(13_200, cc.congestionWindow());
        for (int i = 0; i < 10; i++) {
            cc.onPacketAcked(300 + i, MDS, 13_200);
        }
        assertEquals(13_200, cc.congestionWindow(), "13200 bytes are needed now");
        cc.onPacketAcked(310, MDS, 13_200);
        assertEquals(14_400, cc.congestionWindow());

        // A loss of a packet sent after the recovery started is a new congestion event.
        cc.onPacketsLost(MDS, 400, 500);
        assertEquals(7_200, cc.congestionWindow());
    }

    @Test
    void persistentCongestionCollapsesToTheMinimumWindow() {
        NewReno cc = new NewReno(MDS);
        cc.onPacketsLost(MDS, 50, 100);
        cc.onPersistentCongestion();
        assertEquals(2_400, cc.congestionWindow());
        // The recovery period ended with it: a loss of an old packet reduces again (to the floor).
        cc.onPacketsLost(MDS, 60, 200);
        assertEquals(2_400, cc.congestionWindow());
        assertEquals(1_200, cc.slowStartThreshold());
    }

    @Test
    void anUnusedWindowDoesNotGrow() {
        NewReno cc = new NewReno(MDS);
        cc.onPacketAcked(1, MDS, 1_200);
        assertEquals(12_000, cc.congestionWindow(), "one packet in flight out of ten: application-limited");
        cc.onPacketAcked(2, MDS, 6_001);
        assertEquals(13_200, cc.congestionWindow(), "more than half the window in slow start counts");
    }

    @Test
    void raisingTheDatagramSizeRaisesTheFloor() {
        NewReno cc = new NewReno(MDS);
        cc.onPersistentCongestion();
        cc.setMaxDatagramSize(1500);
        assertEquals(1500, cc.maxDatagramSize());
        assertEquals(3_000, cc.congestionWindow());
        assertThrows(IllegalArgumentException.class, () -> cc.setMaxDatagramSize(1000));
    }
}
