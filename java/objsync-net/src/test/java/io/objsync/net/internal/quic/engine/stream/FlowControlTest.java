package io.objsync.net.internal.quic.engine.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.objsync.net.internal.quic.engine.QuicTransportException.FLOW_CONTROL_ERROR;
import static io.objsync.net.internal.quic.engine.stream.TransportErrors.assertTransportError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection-level flow control both ways, and the per-stream send credit. */
class FlowControlTest {

    @Test
    void sendCreditFollowsMaxDataAndIgnoresDecreases() {
        FlowControl flow = new FlowControl(1000, 1000);
        assertEquals(1000, flow.sendCredit());
        flow.onDataSent(600);
        assertEquals(400, flow.sendCredit());
        assertFalse(flow.onMaxData(900), "RFC 9000 section 4.1: a lower MAX_DATA is ignored");
        assertFalse(flow.onMaxData(1000));
        assertEquals(400, flow.sendCredit());
        assertTrue(flow.onMaxData(1500));
        assertEquals(900, flow.sendCredit());
        assertThrows(IllegalStateException.class, () -> flow.onDataSent(901), "the caller must stay in credit");
    }

    @Test
    void dataBlockedOncePerLimit() {
        FlowControl flow = new FlowControl(100, 1000);
        assertEquals(-1, flow.dataBlockedToSend(), "not blocked");
        flow.onDataSent(100);
        assertEquals(100, flow.dataBlockedToSend());
        assertEquals(-1, flow.dataBlockedToSend(), "once at this limit");
        flow.onDataBlockedLost();
        assertEquals(100, flow.dataBlockedToSend(), "again after its loss");
        flow.onMaxData(200);
        assertEquals(-1, flow.dataBlockedToSend());
        flow.onDataSent(100);
        assertEquals(200, flow.dataBlockedToSend(), "and again at the next limit");
    }

    @Test
    void receiveSideCountsHighestOffsetsAndRejectsExcess() throws Exception {
        FlowControl flow = new FlowControl(0, 1000);
        ReceiveBuffer a = new ReceiveBuffer(800);
        ReceiveBuffer b = new ReceiveBuffer(800);
        flow.onDataReceived(a.receive(0, new byte[600], 0, 600, false));
        flow.onDataReceived(a.receive(100, new byte[100], 0, 100, false)); // a duplicate counts nothing
        flow.onDataReceived(b.receive(300, new byte[100], 0, 100, false)); // a gap counts: highest offset 400
        assertEquals(1000, flow.received());
        long more = b.receive(400, new byte[1], 0, 1, false);
        assertTransportError(FLOW_CONTROL_ERROR, 0x08, () -> flow.onDataReceived(more));
    }

    @Test
    void maxDataAfterMoreThanHalfTheWindowIsConsumed() throws Exception {
        FlowControl flow = new FlowControl(0, 1000);
        flow.onDataReceived(1000);
        flow.onDataConsumed(500);
        assertEquals(-1, flow.maxDataToSend());
        flow.onDataConsumed(1);
        assertEquals(1501, flow.maxDataToSend());
        assertEquals(-1, flow.maxDataToSend(), "advertised once");
        assertEquals(1501, flow.receiveLimit());
        flow.onDataReceived(501);
        flow.growReceiveWindow(2000);
        assertEquals(-1, flow.maxDataToSend(), "501 + 2000 is only half the grown window beyond the limit");
        flow.growReceiveWindow(4000);
        assertEquals(4501, flow.maxDataToSend(), "a window grown more is advertised at once");
    }

    @Test
    void autoTunedMaxDataGrowsOnlyForAFastReader() throws Exception {
        assertEquals(List.of(1000L, 2000L, 3000L, 3000L), windowsAfterUpdates(100_000), "doubled, then capped");
        assertEquals(List.of(1000L, 1000L, 1000L, 1000L), windowsAfterUpdates(10_000_000), "slow: no growth");
    }

    /** Four rounds of using and consuming the whole limit, MAX_DATA {@code step} ns apart with a 1 ms RTT. */
    private static List<Long> windowsAfterUpdates(long step) throws Exception {
        FlowControl flow = new FlowControl(0, 1000, 3000);
        List<Long> windows = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            long consumed = flow.received();
            flow.onDataReceived(flow.receiveLimit() - flow.received());
            flow.onDataConsumed(flow.received() - consumed);
            long limit = flow.maxDataToSend(round * step, 1_000_000);
            assertEquals(flow.received() + flow.receiveWindow(), limit, "a full window ahead");
            windows.add(flow.receiveWindow());
        }
        return windows;
    }

    @Test
    void streamResetFeedsBothCounters() throws Exception {
        FlowControl flow = new FlowControl(0, 1000);
        ReceiveBuffer stream = new ReceiveBuffer(1000);
        flow.onDataReceived(stream.receive(0, new byte[100], 0, 100, false));
        flow.onDataConsumed(stream.read(new byte[30], 0, 30));
        ReceiveBuffer.ResetCredit reset = stream.onReset(700, 0);
        flow.onDataReceived(reset.newlyCounted());
        flow.onDataConsumed(reset.released());
        assertEquals(700, flow.received(), "the final size counts");
        assertEquals(1700, flow.maxDataToSend(), "and all of it is handed back");
    }

    @Test
    void streamSendCreditReportsBlockedOncePerLimit() {
        SendCredit credit = new SendCredit(50);
        credit.use(50);
        assertEquals(0, credit.available());
        assertEquals(50, credit.blockedToReport());
        assertEquals(-1, credit.blockedToReport());
        assertFalse(credit.raiseLimit(40), "MAX_STREAM_DATA that lowers the limit is ignored");
        assertTrue(credit.raiseLimit(80));
        assertEquals(80, credit.limit());
        assertEquals(30, credit.available());
        assertEquals(-1, credit.blockedToReport());
        assertThrows(IllegalStateException.class, () -> credit.use(31));
    }
}
