package io.objsync.net.internal.quic.engine.stream;

import org.junit.jupiter.api.Test;

import static io.objsync.net.internal.quic.engine.QuicTransportException.FRAME_ENCODING_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.STREAM_LIMIT_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.STREAM_STATE_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.TRANSPORT_PARAMETER_ERROR;
import static io.objsync.net.internal.quic.engine.stream.TransportErrors.assertTransportError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening streams under the peer's limits, and the stream frame rules of RFC 9000 sections 2.1, 3 and 4.6. */
class StreamLimitsTest {

    private static final long RESET_STREAM = 0x04;
    private static final long STOP_SENDING = 0x05;
    private static final long STREAM = 0x0a;
    private static final long MAX_STREAM_DATA = 0x11;
    private static final long STREAM_DATA_BLOCKED = 0x15;

    @Test
    void opensUnderThePeersLimitsAndReportsBlockingOncePerLimit() throws Exception {
        StreamLimits server = new StreamLimits(true, 10, 10);
        assertEquals(-1, server.open(true), "nothing before the peer's transport parameters");
        server.onPeerTransportParameters(1, 3);
        // RFC 9000 section 19.11: a server given a unidirectional limit of 3 opens 3, 7 and 11, not 15
        assertEquals(3, server.open(true));
        assertEquals(7, server.open(true));
        assertEquals(11, server.open(true));
        assertEquals(-1, server.open(true));
        assertEquals(3, server.streamsBlockedToSend(true));
        assertEquals(-1, server.streamsBlockedToSend(true), "once per limit");
        server.onStreamsBlockedLost(true);
        assertEquals(3, server.streamsBlockedToSend(true), "again after its loss");
        assertEquals(1, server.open(false));
        assertEquals(-1, server.open(false));
        assertFalse(server.onMaxStreams(true, 2), "a lower MAX_STREAMS is ignored");
        assertTrue(server.onMaxStreams(true, 4));
        assertEquals(15, server.open(true));
        assertEquals(1, server.streamsBlockedToSend(false), "bidirectional: blocked at 1");
    }

    @Test
    void streamCountsAbove2To60AreRejected() {
        StreamLimits client = new StreamLimits(false, 10, 10);
        long tooMany = StreamIds.MAX_STREAMS + 1;
        // RFC 9000 section 4.6: TRANSPORT_PARAMETER_ERROR in transport parameters, FRAME_ENCODING_ERROR in frames
        assertTransportError(TRANSPORT_PARAMETER_ERROR, 0, () -> client.onPeerTransportParameters(tooMany, 0));
        assertTransportError(FRAME_ENCODING_ERROR, 0x12, () -> client.onMaxStreams(false, tooMany));
        assertTransportError(FRAME_ENCODING_ERROR, 0x13, () -> client.onMaxStreams(true, tooMany));
        assertTransportError(FRAME_ENCODING_ERROR, 0x17, () -> client.onStreamsBlocked(true, tooMany));
    }

    @Test
    void peerStreamsOpenImplicitlyUpToOurLimit() throws Exception {
        StreamLimits client = new StreamLimits(false, 3, 2);
        assertEquals(1, client.onStreamFrame(9, STREAM), "server bidi stream 9 opens 1, 5 and 9");
        assertEquals(-1, client.onStreamFrame(5, STREAM), "already open");
        assertTransportError(STREAM_LIMIT_ERROR, STREAM, () -> client.onStreamFrame(13, STREAM));
        assertEquals(3, client.onStreamFrame(3, RESET_STREAM));
        assertEquals(7, client.onStreamFrame(7, STREAM_DATA_BLOCKED));
        assertTransportError(STREAM_LIMIT_ERROR, STREAM, () -> client.onStreamFrame(11, STREAM));
        assertEquals(3, client.peerLimit(false));
    }

    @Test
    void framesForOurStreamsWeNeverOpenedAreStateErrors() throws Exception {
        StreamLimits client = new StreamLimits(false, 3, 3);
        client.onPeerTransportParameters(5, 5);
        assertTransportError(STREAM_STATE_ERROR, MAX_STREAM_DATA, () -> client.onStreamFrame(0, MAX_STREAM_DATA));
        assertEquals(0, client.open(false));
        assertEquals(-1, client.onStreamFrame(0, MAX_STREAM_DATA));
        assertEquals(-1, client.onStreamFrame(0, STREAM));
        assertTransportError(STREAM_STATE_ERROR, STREAM, () -> client.onStreamFrame(4, STREAM));
        assertTransportError(STREAM_STATE_ERROR, STOP_SENDING, () -> client.onStreamFrame(2, STOP_SENDING));
    }

    @Test
    void unidirectionalStreamsTakeFramesForTheirOneDirectionOnly() throws Exception {
        StreamLimits server = new StreamLimits(true, 3, 3);
        server.onPeerTransportParameters(3, 3);
        long ours = server.open(true);
        assertEquals(3, ours);
        for (long receiveSide : new long[] {0x08, 0x0f, RESET_STREAM, STREAM_DATA_BLOCKED}) {
            assertTransportError(STREAM_STATE_ERROR, receiveSide, () -> server.onStreamFrame(ours, receiveSide));
        }
        assertEquals(-1, server.onStreamFrame(ours, MAX_STREAM_DATA));
        assertEquals(-1, server.onStreamFrame(ours, STOP_SENDING));
        long theirs = 2;
        for (long sendSide : new long[] {MAX_STREAM_DATA, STOP_SENDING}) {
            assertTransportError(STREAM_STATE_ERROR, sendSide, () -> server.onStreamFrame(theirs, sendSide));
        }
        assertEquals(2, server.onStreamFrame(theirs, STREAM));
        assertThrows(IllegalArgumentException.class, () -> server.onStreamFrame(theirs, 0x12));
    }

    @Test
    void maxStreamsRisesAsPeerStreamsClose() throws Exception {
        StreamLimits server = new StreamLimits(true, 4, 1);
        assertEquals(0, server.onStreamFrame(12, STREAM), "client bidi streams 0, 4, 8 and 12 open");
        assertEquals(-1, server.maxStreamsToSend(false), "none closed");
        server.onPeerStreamClosed(0);
        server.onPeerStreamClosed(4);
        assertEquals(-1, server.maxStreamsToSend(false), "two of four is not more than half");
        server.onPeerStreamClosed(8);
        assertEquals(7, server.maxStreamsToSend(false), "three closed, four may be open");
        assertEquals(-1, server.maxStreamsToSend(false), "advertised once");
        assertEquals(16, server.onStreamFrame(24, STREAM), "16, 20 and 24: indexes 4..6, within the new limit of 7");
        assertTransportError(STREAM_LIMIT_ERROR, STREAM, () -> server.onStreamFrame(28, STREAM));

        server.onStreamFrame(2, STREAM);
        assertTransportError(STREAM_LIMIT_ERROR, STREAM, () -> server.onStreamFrame(6, STREAM));
        server.onPeerStreamClosed(2);
        assertEquals(2, server.maxStreamsToSend(true), "a window of one stream moves with each close");
        assertThrows(IllegalArgumentException.class, () -> server.onPeerStreamClosed(1), "our own stream");
    }
}
