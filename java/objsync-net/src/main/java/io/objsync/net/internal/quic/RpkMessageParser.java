package io.objsync.net.internal.quic;

import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.TlsProtocolException;
import tech.kwik.agent15.engine.MessageProcessor;
import tech.kwik.agent15.engine.TlsMessageParser;
import tech.kwik.agent15.handshake.HandshakeMessage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * agent15's handshake parser with one change: Certificate messages are read as raw public keys
 * ({@link RawKeyCertificateMessage}), since agent15 would reject anything but X.509. Every other message goes to
 * the parser it replaces, which keeps kwik's own extension parser (QUIC transport parameters).
 */
final class RpkMessageParser extends TlsMessageParser {

    private final TlsMessageParser delegate;

    RpkMessageParser(TlsMessageParser delegate) {
        this.delegate = delegate;
    }

    @Override
    public HandshakeMessage parseAndProcessHandshakeMessage(ByteBuffer buffer, MessageProcessor processor,
                                                            ProtectionKeysType protectedBy)
            throws TlsProtocolException, IOException {
        if (buffer.remaining() >= 4 && buffer.get(buffer.position()) == TlsConstants.HandshakeType.certificate.value) {
            RawKeyCertificateMessage m = RawKeyCertificateMessage.read(buffer);
            if (processor != null) {
                processor.received(m, protectedBy);
            }
            return m;
        }
        return delegate.parseAndProcessHandshakeMessage(buffer, processor, protectedBy);
    }
}
