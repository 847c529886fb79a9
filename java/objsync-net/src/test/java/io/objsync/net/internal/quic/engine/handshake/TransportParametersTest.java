package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;
import tech.kwik.core.impl.Role;
import tech.kwik.core.impl.Version;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.tls.QuicTransportParametersExtension;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportParametersTest {

    private static final byte[] CID = HexFormat.of().parseHex("0102030405060708");
    private static final byte[] TOKEN = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private static TransportParameters server() {
        return TransportParameters.builder()
                .maxIdleTimeoutMillis(30_000)
                .maxUdpPayloadSize(65_527 - 1)
                .initialLimits(16 << 20, 1 << 20, 2 << 20, 3 << 20)
                .initialMaxStreams(100, 7)
                .ackDelayExponent(4)
                .maxAckDelayMillis(10)
                .disableActiveMigration(true)
                .activeConnectionIdLimit(8)
                .maxDatagramFrameSize(1200)
                .originalDestinationConnectionId(CID)
                .initialSourceConnectionId(new byte[] {9, 9, 9, 9})
                .retrySourceConnectionId(new byte[0])
                .statelessResetToken(TOKEN)
                .build();
    }

    @Test
    void everyParameterSurvivesARoundTrip() throws Exception {
        TransportParameters p = TransportParameters.decode(server().encode(), 0, server().encode().length, true);
        assertEquals(30_000, p.maxIdleTimeoutMillis());
        assertEquals(65_526, p.maxUdpPayloadSize());
        assertEquals(16 << 20, p.initialMaxData());
        assertEquals(1 << 20, p.initialMaxStreamDataBidiLocal());
        assertEquals(2 << 20, p.initialMaxStreamDataBidiRemote());
        assertEquals(3 << 20, p.initialMaxStreamDataUni());
        assertEquals(100, p.initialMaxStreamsBidi());
        assertEquals(7, p.initialMaxStreamsUni());
        assertEquals(4, p.ackDelayExponent());
        assertEquals(10, p.maxAckDelayMillis());
        assertTrue(p.disableActiveMigration());
        assertEquals(8, p.activeConnectionIdLimit());
        assertEquals(1200, p.maxDatagramFrameSize());
        assertArrayEquals(CID, p.originalDestinationConnectionId());
        assertArrayEquals(new byte[] {9, 9, 9, 9}, p.initialSourceConnectionId());
        assertArrayEquals(new byte[0], p.retrySourceConnectionId());
        assertArrayEquals(TOKEN, p.statelessResetToken());
    }

    @Test
    void absentParametersTakeTheRfcDefaults() throws Exception {
        TransportParameters p = TransportParameters.decode(new byte[0], 0, 0, false);
        assertEquals(0, p.maxIdleTimeoutMillis());
        assertEquals(65_527, p.maxUdpPayloadSize());
        assertEquals(0, p.initialMaxData());
        assertEquals(3, p.ackDelayExponent());
        assertEquals(25, p.maxAckDelayMillis());
        assertEquals(2, p.activeConnectionIdLimit());
        assertEquals(-1, p.maxDatagramFrameSize());
        assertFalse(p.disableActiveMigration());
        assertNull(p.initialSourceConnectionId());
        assertNull(p.statelessResetToken());
        assertEquals(0, TransportParameters.builder().build().encode().length, "defaults are not written");
    }

    @Test
    void kwikReadsWhatWeWrite() throws Exception {
        byte[] content = server().encode();
        ByteBuffer ext = ByteBuffer.allocate(4 + content.length);
        ext.putShort((short) 0x39).putShort((short) content.length).put(content).flip();
        var kwik = new QuicTransportParametersExtension(Version.QUIC_version_1)
                .parse(ext, Role.Server, new NullLogger()).getTransportParameters();
        assertEquals(30_000, kwik.getMaxIdleTimeout());
        assertEquals(65_526, kwik.getMaxUdpPayloadSize());
        assertEquals(16 << 20, kwik.getInitialMaxData());
        assertEquals(2 << 20, kwik.getInitialMaxStreamDataBidiRemote());
        assertEquals(100, kwik.getInitialMaxStreamsBidi());
        assertEquals(4, kwik.getAckDelayExponent());
        assertEquals(10, kwik.getMaxAckDelay());
        assertEquals(8, kwik.getActiveConnectionIdLimit());
        assertTrue(kwik.getDisableMigration());
        assertArrayEquals(CID, kwik.getOriginalDestinationConnectionId());
        assertArrayEquals(TOKEN, kwik.getStatelessResetToken());
    }

    @Test
    void weReadWhatKwikWrites() throws Exception {
        var kwik = new tech.kwik.core.impl.TransportParameters(60, 1 << 20, 50, 3);
        kwik.setInitialSourceConnectionId(CID);
        kwik.setActiveConnectionIdLimit(4);
        kwik.setMaxUdpPayloadSize(1500);
        byte[] ext = new QuicTransportParametersExtension(Version.QUIC_version_1, kwik, Role.Client).getBytes();
        TransportParameters p = TransportParameters.decode(ext, 4, ext.length - 4, false);
        assertEquals(kwik.getMaxIdleTimeout(), p.maxIdleTimeoutMillis());
        assertEquals(kwik.getInitialMaxData(), p.initialMaxData());
        assertEquals(kwik.getInitialMaxStreamDataBidiLocal(), p.initialMaxStreamDataBidiLocal());
        assertEquals(kwik.getInitialMaxStreamDataBidiRemote(), p.initialMaxStreamDataBidiRemote());
        assertEquals(kwik.getInitialMaxStreamsBidi(), p.initialMaxStreamsBidi());
        assertEquals(kwik.getInitialMaxStreamsUni(), p.initialMaxStreamsUni());
        assertEquals(1500, p.maxUdpPayloadSize());
        assertEquals(4, p.activeConnectionIdLimit());
        assertArrayEquals(CID, p.initialSourceConnectionId());
    }

    @Test
    void unknownAndGreasedParametersAreIgnoredAndNonMinimalVarintsRead() throws Exception {
        // id 27 (31*0+27, greased) with 3 bytes; id 0xff04de1b (min_ack_delay, 4-byte varint id) with a value;
        // then max_idle_timeout = 5 in a non-minimal 4-byte varint
        byte[] buf = HexFormat.of().parseHex("1b03aabbcc" + "bf04de1b0105" + "0104" + "80000005");
        TransportParameters p = TransportParameters.decode(buf, 0, buf.length, false);
        assertEquals(5, p.maxIdleTimeoutMillis());
    }

    @Test
    void aParameterTwiceIsRefused() {
        assertRefused("0101050101", false);
    }

    @Test
    void aClientMustNotSendServerOnlyParameters() {
        assertRefused("0008" + "0102030405060708", false);
        assertRefused("0210" + "00112233445566778899aabbccddeeff", false);
        assertRefused("1000", false);
        assertRefused("0d00", false);
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertRefused("03024000", false); // max_udp_payload_size 0 < 1200
        assertRefused("0a0115", false); // ack_delay_exponent 21
        assertRefused("0b04" + "80004000", false); // max_ack_delay 2^14
        assertRefused("0e0101", false); // active_connection_id_limit 1
        assertRefused("0808d000000000000001", false); // initial_max_streams_bidi above 2^60
        assertRefused("0f15" + "00".repeat(21), false); // a 21-byte connection id
        assertRefused("020f" + "00".repeat(15), true); // a 15-byte reset token
        assertRefused("0c0100", false); // disable_active_migration with content
    }

    @Test
    void truncatedOrOverlongValuesAreRefused() {
        assertRefused("01", false);
        assertRefused("0105", false);
        assertRefused("010240", false); // a length beyond the buffer
        assertRefused("01014005", false); // a 2-byte varint in a 1-byte value
        assertRefused("01020505", false); // two varints in a numeric parameter
        assertRefused("0f09" + "00".repeat(8), false); // length beyond the buffer
    }

    private static void assertRefused(String hex, boolean fromServer) {
        byte[] buf = HexFormat.of().parseHex(hex);
        QuicTransportException e = assertThrows(QuicTransportException.class,
                () -> TransportParameters.decode(buf, 0, buf.length, fromServer), hex);
        assertEquals(QuicTransportException.TRANSPORT_PARAMETER_ERROR, e.errorCode(), hex);
    }

    @Test
    void decodingReadsOnlyItsOwnSliceOfTheBuffer() throws Exception {
        byte[] content = server().encode();
        byte[] framed = new byte[content.length + 10];
        Arrays.fill(framed, (byte) 0xff);
        System.arraycopy(content, 0, framed, 5, content.length);
        TransportParameters p = TransportParameters.decode(framed, 5, content.length, true);
        assertEquals(30_000, p.maxIdleTimeoutMillis());
    }
}
