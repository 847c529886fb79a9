package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import tech.kwik.agent15.alert.DecodeErrorException;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.extension.ExtensionParser;

import java.nio.ByteBuffer;

/**
 * The TLS extension quic_transport_parameters (57, RFC 9001 8.2) for agent15's handshake messages: ours to
 * send, and the peer's as {@link #parser} reads it. Parameters that break RFC 9000 18.2 do not fail the TLS
 * parse: the error is kept and {@link #parameters()} throws it, because the connection must close with
 * TRANSPORT_PARAMETER_ERROR (RFC 9000 7.4), not with a TLS alert.
 */
public final class TransportParametersExtension extends Extension {

    /** The extension's code point. */
    public static final int TYPE = 0x39;

    private final byte[] content;
    private final TransportParameters parameters;
    private final QuicTransportException error;

    /** Our parameters, to add to a ClientHello or EncryptedExtensions. */
    public TransportParametersExtension(TransportParameters parameters) {
        this.content = parameters.encode();
        this.parameters = parameters;
        this.error = null;
    }

    private TransportParametersExtension(byte[] content, TransportParameters parameters,
                                         QuicTransportException error) {
        this.content = content;
        this.parameters = parameters;
        this.error = error;
    }

    /**
     * agent15's hook for extensions it does not know: reads this one (and leaves others, returning null) from a
     * message sent by a server when {@code fromServer}, else by a client.
     */
    public static ExtensionParser parser(boolean fromServer) {
        return (buffer, context) -> {
            if (buffer.remaining() < 4 || (buffer.getShort(buffer.position()) & 0xffff) != TYPE) {
                return null;
            }
            buffer.getShort();
            int length = buffer.getShort() & 0xffff;
            if (length > buffer.remaining()) {
                throw new DecodeErrorException("quic_transport_parameters runs past its message");
            }
            byte[] content = new byte[length];
            buffer.get(content);
            try {
                return new TransportParametersExtension(content,
                        TransportParameters.decode(content, 0, length, fromServer), null);
            } catch (QuicTransportException e) {
                return new TransportParametersExtension(content, null, e);
            }
        };
    }

    /**
     * The parameters.
     *
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR if the peer's were invalid
     */
    public TransportParameters parameters() throws QuicTransportException {
        if (error != null) {
            throw error;
        }
        return parameters;
    }

    @Override
    public byte[] getBytes() {
        return ByteBuffer.allocate(4 + content.length)
                .putShort((short) TYPE).putShort((short) content.length).put(content).array();
    }
}
