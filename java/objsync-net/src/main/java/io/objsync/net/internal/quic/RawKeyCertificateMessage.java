package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.alert.BadCertificateAlert;
import tech.kwik.agent15.alert.DecodeErrorException;
import tech.kwik.agent15.handshake.CertificateMessage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A TLS 1.3 Certificate message whose one entry is a raw public key (RFC 7250): the node's Ed25519
 * SubjectPublicKeyInfo. agent15's own {@link CertificateMessage} only knows X.509, so this subclass carries the
 * bytes (for the transcript) and the node id; {@link RpkMessageParser} produces it for received messages.
 */
final class RawKeyCertificateMessage extends CertificateMessage {

    private final byte[] raw;
    private final byte[] context;
    private final NodeId nodeId;

    private RawKeyCertificateMessage(byte[] raw, byte[] context, NodeId nodeId) {
        this.raw = raw;
        this.context = context;
        this.nodeId = nodeId;
    }

    /** Our own certificate, answering a request with {@code context} (empty for a server's). */
    static RawKeyCertificateMessage of(byte[] context, NodeId id) {
        byte[] spki = Ed25519Spki.encode(id);
        int entries = 3 + spki.length + 2;
        int body = 1 + context.length + 3 + entries;
        ByteBuffer b = ByteBuffer.allocate(4 + body);
        b.putInt((TlsConstants.HandshakeType.certificate.value << 24) | body);
        b.put((byte) context.length).put(context);
        putUint24(b, entries);
        putUint24(b, spki.length);
        b.put(spki);
        b.putShort((short) 0); // no entry extensions
        return new RawKeyCertificateMessage(b.array(), context.clone(), id);
    }

    /**
     * Parses a whole Certificate message (header included) from {@code buffer}, which must hold exactly it.
     *
     * @throws BadCertificateAlert  when it does not hold exactly one Ed25519 raw public key
     * @throws DecodeErrorException when it is malformed
     */
    static RawKeyCertificateMessage read(ByteBuffer buffer) throws BadCertificateAlert, DecodeErrorException {
        int start = buffer.position();
        try {
            int header = buffer.getInt();
            if ((header >>> 24) != TlsConstants.HandshakeType.certificate.value
                    || (header & 0xFFFFFF) != buffer.remaining()) {
                throw new DecodeErrorException("certificate message length");
            }
            byte[] context = new byte[buffer.get() & 0xFF];
            buffer.get(context);
            int listLength = uint24(buffer);
            if (listLength != buffer.remaining()) {
                throw new DecodeErrorException("certificate list length");
            }
            if (listLength == 0) {
                throw new BadCertificateAlert("no certificate");
            }
            byte[] spki = new byte[uint24(buffer)];
            buffer.get(spki);
            int entryExtensions = buffer.getShort() & 0xFFFF;
            buffer.position(buffer.position() + entryExtensions); // none we use
            if (buffer.hasRemaining()) {
                throw new BadCertificateAlert("more than one raw public key");
            }
            NodeId id;
            try {
                id = Ed25519Spki.decode(spki);
            } catch (IllegalArgumentException e) {
                throw new BadCertificateAlert(e.getMessage());
            }
            byte[] raw = new byte[buffer.position() - start];
            buffer.get(start, raw);
            return new RawKeyCertificateMessage(raw, context, id);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new DecodeErrorException("malformed certificate message");
        }
    }

    private static int uint24(ByteBuffer b) {
        return ((b.get() & 0xFF) << 16) | ((b.get() & 0xFF) << 8) | (b.get() & 0xFF);
    }

    private static void putUint24(ByteBuffer b, int v) {
        b.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
    }

    /** The key the peer presented. */
    NodeId nodeId() {
        return nodeId;
    }

    @Override
    public byte[] getRequestContext() {
        return context.clone();
    }

    @Override
    public byte[] getBytes() {
        return raw;
    }
}
