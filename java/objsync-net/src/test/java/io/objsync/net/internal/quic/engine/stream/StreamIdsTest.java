package io.objsync.net.internal.quic.engine.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream id bits as RFC 9000 section 2.1, Table 1, lays them out. */
class StreamIdsTest {

    @Test
    void table1StreamTypes() {
        // 0x00 client bidi, 0x01 server bidi, 0x02 client uni, 0x03 server uni
        assertFalse(StreamIds.isServerInitiated(0x00));
        assertFalse(StreamIds.isUnidirectional(0x00));
        assertTrue(StreamIds.isServerInitiated(0x01));
        assertFalse(StreamIds.isUnidirectional(0x01));
        assertFalse(StreamIds.isServerInitiated(0x02));
        assertTrue(StreamIds.isUnidirectional(0x02));
        assertTrue(StreamIds.isServerInitiated(0x03));
        assertTrue(StreamIds.isUnidirectional(0x03));
    }

    @Test
    void idsAndIndexesRoundTrip() {
        assertEquals(0, StreamIds.id(0, false, false));
        assertEquals(3, StreamIds.id(0, true, true));
        // RFC 9000 section 19.11: a server with a unidirectional limit of 3 may open streams 3, 7 and 11
        assertEquals(11, StreamIds.id(2, true, true));
        assertEquals(2, StreamIds.index(11));
        assertEquals(StreamIds.MAX_STREAM_ID, StreamIds.id(StreamIds.MAX_STREAMS - 1, true, true));
        for (long id = 0; id < 64; id++) {
            assertEquals(id, StreamIds.id(StreamIds.index(id), StreamIds.isServerInitiated(id),
                    StreamIds.isUnidirectional(id)));
        }
    }

    @Test
    void localMeansOpenedByThisSide() {
        assertTrue(StreamIds.isLocal(4, false), "client stream, seen by the client");
        assertFalse(StreamIds.isLocal(4, true), "client stream, seen by the server");
        assertTrue(StreamIds.isLocal(7, true));
    }
}
