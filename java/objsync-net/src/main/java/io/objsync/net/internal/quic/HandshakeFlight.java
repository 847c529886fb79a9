package io.objsync.net.internal.quic;

import tech.kwik.agent15.handshake.FinishedMessage;
import tech.kwik.agent15.handshake.HandshakeMessage;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The handshake-level messages of one side (server: EncryptedExtensions to Finished; client: Certificate,
 * CertificateVerify, Finished), handed to kwik as one write. On the wire it is the same bytes, message after
 * message, in one CRYPTO stream.
 *
 * <p>Why: kwik 0.10.8's {@code CryptoStream} appends each write to an unsynchronised list that its sender thread
 * drains. kwik's client flushes after every message, so while its sender drains our Certificate the TLS thread
 * appends CertificateVerify and Finished; the two threads corrupt the list, the sender dies with an
 * {@code IndexOutOfBoundsException} in {@code CryptoStream.sendFrame} and the dial fails with "Handshake error".
 * (kwik's own clients rarely send more than Finished, so only client authentication, which iroh requires, hits
 * it; it showed up under CPU load.) With one write per level there is nothing left to append while it drains.
 * It travels through the senders' {@code send(FinishedMessage)}, which both roles have and which adds nothing of
 * its own, so it is a {@link FinishedMessage} whose verify data is the flight's Finished.
 */
final class HandshakeFlight extends FinishedMessage {

    private final byte[] bytes;
    private final byte[] verifyData;

    /** The flight {@code messages}, in order; the last one is the side's Finished. */
    HandshakeFlight(List<HandshakeMessage> messages) {
        if (messages.isEmpty() || !(messages.get(messages.size() - 1) instanceof FinishedMessage)) {
            throw new IllegalArgumentException("a flight ends with Finished");
        }
        this.verifyData = ((FinishedMessage) messages.get(messages.size() - 1)).getVerifyData();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HandshakeMessage m : messages) {
            out.writeBytes(m.getBytes());
        }
        this.bytes = out.toByteArray();
    }

    @Override
    public byte[] getBytes() {
        return bytes.clone();
    }

    @Override
    public byte[] getVerifyData() {
        return verifyData.clone();
    }
}
