package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.extension.UnknownExtension;
import tech.kwik.agent15.handshake.EncryptedExtensions;
import tech.kwik.agent15.handshake.HandshakeMessage;
import tech.kwik.agent15.engine.TlsMessageParser;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportParametersExtensionTest {

    @Test
    void travelsInsideAnEncryptedExtensionsMessageThroughAgent15() throws Exception {
        TransportParameters ours = TransportParameters.builder()
                .maxIdleTimeoutMillis(30_000).initialLimits(1 << 24, 1 << 20, 1 << 20, 0).initialMaxStreams(100, 0)
                .initialSourceConnectionId(new byte[] {1, 2, 3, 4}).originalDestinationConnectionId(new byte[8])
                .build();
        byte[] message = new EncryptedExtensions(List.of(new TransportParametersExtension(ours))).getBytes();
        HandshakeMessage parsed = new TlsMessageParser(TransportParametersExtension.parser(true))
                .parseHandshakeMessage(ByteBuffer.wrap(message));
        List<Extension> extensions = ((EncryptedExtensions) parsed).getExtensions();
        assertEquals(1, extensions.size());
        TransportParameters theirs = assertInstanceOf(TransportParametersExtension.class, extensions.get(0))
                .parameters();
        assertEquals(30_000, theirs.maxIdleTimeoutMillis());
        assertEquals(1 << 24, theirs.initialMaxData());
        assertEquals(100, theirs.initialMaxStreamsBidi());
        assertEquals(4, theirs.initialSourceConnectionId().length);
    }

    @Test
    void invalidParametersSurviveTheTlsParseAndFailAsATransportParameterError() throws Exception {
        // a client's extension carrying the server-only original_destination_connection_id
        byte[] content = HexFormat.of().parseHex("000401020304");
        byte[] ext = ByteBuffer.allocate(4 + content.length).putShort((short) 0x39).putShort((short) content.length)
                .put(content).array();
        Extension parsed = TransportParametersExtension.parser(false).apply(ByteBuffer.wrap(ext), null);
        QuicTransportException e = assertThrows(QuicTransportException.class,
                () -> ((TransportParametersExtension) parsed).parameters());
        assertEquals(QuicTransportException.TRANSPORT_PARAMETER_ERROR, e.errorCode());
    }

    @Test
    void otherExtensionsAreLeftToAgent15() throws Exception {
        ByteBuffer other = ByteBuffer.wrap(HexFormat.of().parseHex("fafa0000"));
        assertEquals(null, TransportParametersExtension.parser(true).apply(other, null));
        assertEquals(0, other.position(), "the buffer is left where it was");
        byte[] message = new EncryptedExtensions(List.of(new Extension() {
            @Override
            public byte[] getBytes() {
                return HexFormat.of().parseHex("fafa0000");
            }
        })).getBytes();
        HandshakeMessage parsed = new TlsMessageParser(TransportParametersExtension.parser(true))
                .parseHandshakeMessage(ByteBuffer.wrap(message));
        assertTrue(((EncryptedExtensions) parsed).getExtensions().get(0) instanceof UnknownExtension);
    }

    @Test
    void aLengthPastTheMessageIsADecodeError() {
        ByteBuffer bad = ByteBuffer.wrap(HexFormat.of().parseHex("00390010" + "0101"));
        assertThrows(tech.kwik.agent15.alert.DecodeErrorException.class,
                () -> TransportParametersExtension.parser(true).apply(bad, null));
    }
}
