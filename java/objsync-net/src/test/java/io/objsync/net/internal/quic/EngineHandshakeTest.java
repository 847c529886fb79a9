package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeKey;
import org.junit.jupiter.api.Test;
import tech.kwik.agent15.NewSessionTicket;
import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.engine.ClientMessageSender;
import tech.kwik.agent15.engine.MessageProcessor;
import tech.kwik.agent15.engine.ServerMessageSender;
import tech.kwik.agent15.engine.TlsMessageParser;
import tech.kwik.agent15.engine.TlsStatusEventHandler;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.handshake.CertificateMessage;
import tech.kwik.agent15.handshake.CertificateRequestMessage;
import tech.kwik.agent15.handshake.CertificateVerifyMessage;
import tech.kwik.agent15.handshake.ClientHello;
import tech.kwik.agent15.handshake.EncryptedExtensions;
import tech.kwik.agent15.handshake.FinishedMessage;
import tech.kwik.agent15.handshake.HandshakeMessage;
import tech.kwik.agent15.handshake.NewSessionTicketMessage;
import tech.kwik.agent15.handshake.ServerHello;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our two TLS engines talking to each other without kwik in between: the messages each hands to its sender are
 * parsed back from their bytes and given to the other. It pins what the engines promise kwik: each side's
 * handshake-level messages go out as one write ({@link HandshakeFlight}; several writes race kwik's sender
 * thread, which under load killed dials with "Handshake error"), and the handshake still completes with both
 * keys proven and the same application secrets on both sides.
 */
class EngineHandshakeTest {

    private static final NodeKey CLIENT = NodeKey.fromSeed(seed(7));
    private static final NodeKey SERVER = NodeKey.fromSeed(seed(9));

    @Test
    void eachSideWritesItsHandshakeLevelOnceAndBothAgree() throws Exception {
        Recorder clientOut = new Recorder();
        Recorder serverOut = new Recorder();
        Status clientStatus = new Status();
        Status serverStatus = new Status();
        RpkClientEngine client = new RpkClientEngine(clientOut, clientStatus, CLIENT.nodeId(),
                Ed25519PrivateKey.fromSeed(CLIENT.seed()), SERVER.nodeId());
        RpkServerEngine server = new RpkServerEngine(SERVER.nodeId(), Ed25519PrivateKey.fromSeed(SERVER.seed()),
                serverOut, serverStatus, () -> { });
        server.addSupportedCiphers(List.of(TlsConstants.CipherSuite.TLS_AES_128_GCM_SHA256));

        client.startHandshake();
        deliver(clientOut.initial, server, ProtectionKeysType.None);
        deliver(serverOut.initial, client, ProtectionKeysType.None);
        deliver(serverOut.handshake, client, ProtectionKeysType.Handshake);
        deliver(clientOut.handshake, server, ProtectionKeysType.Handshake);

        assertEquals(1, serverOut.handshake.size(), "server handshake-level writes");
        assertEquals(1, clientOut.handshake.size(), "client handshake-level writes");
        assertEquals(List.of(EncryptedExtensions.class, CertificateRequestMessage.class, RawKeyCertificateMessage.class,
                CertificateVerifyMessage.class, FinishedMessage.class), types(serverOut.handshake.get(0)));
        assertEquals(List.of(RawKeyCertificateMessage.class, CertificateVerifyMessage.class, FinishedMessage.class),
                types(clientOut.handshake.get(0)));
        assertTrue(clientStatus.finished && serverStatus.finished, "both sides finished");
        assertEquals(CLIENT.nodeId(), server.clientKey());
        assertArrayEquals(client.getClientApplicationTrafficSecret(), server.getClientApplicationTrafficSecret());
        assertArrayEquals(client.getServerApplicationTrafficSecret(), server.getServerApplicationTrafficSecret());
    }

    @Test
    void aFlightIsItsMessagesBackToBack() throws Exception {
        FinishedMessage finished = new FinishedMessage(seed(3));
        CertificateVerifyMessage verify = new CertificateVerifyMessage(TlsConstants.SignatureScheme.ed25519, seed(4));
        HandshakeFlight flight = new HandshakeFlight(List.of(verify, finished));
        byte[] a = verify.getBytes();
        byte[] b = finished.getBytes();
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertArrayEquals(both, flight.getBytes());
        assertArrayEquals(seed(3), flight.getVerifyData());
        assertThrows(IllegalArgumentException.class,
                () -> new HandshakeFlight(List.of(finished, verify)));
    }

    /** Parses each message in {@code writes} from its bytes, as the peer's crypto stream would, into {@code to}. */
    private static void deliver(List<HandshakeMessage> writes, MessageProcessor to, ProtectionKeysType level)
            throws Exception {
        for (HandshakeMessage write : writes) {
            for (ByteBuffer one : split(write)) {
                new RpkMessageParser(new TlsMessageParser()).parseAndProcessHandshakeMessage(one, to, level);
            }
        }
    }

    /** The message types inside one write, parsed from its bytes. */
    private static List<Class<?>> types(HandshakeMessage write) throws Exception {
        List<Class<?>> out = new ArrayList<>();
        for (ByteBuffer one : split(write)) {
            out.add(new RpkMessageParser(new TlsMessageParser()).parseAndProcessHandshakeMessage(one, null,
                    ProtectionKeysType.Handshake).getClass());
        }
        return out;
    }

    /** One write's bytes cut at the TLS handshake headers (type, 24-bit length). */
    private static List<ByteBuffer> split(HandshakeMessage write) {
        List<ByteBuffer> out = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.wrap(write.getBytes());
        while (bytes.hasRemaining()) {
            int length = bytes.getInt(bytes.position()) & 0xFFFFFF;
            out.add(bytes.slice(bytes.position(), 4 + length));
            bytes.position(bytes.position() + 4 + length);
        }
        return out;
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /** Every write an engine hands to kwik, by encryption level; a sender for either role. */
    private static final class Recorder implements ClientMessageSender, ServerMessageSender {
        final List<HandshakeMessage> initial = new ArrayList<>();
        final List<HandshakeMessage> handshake = new ArrayList<>();

        @Override
        public void send(ClientHello m) {
            initial.add(m);
        }

        @Override
        public void send(ServerHello m) {
            initial.add(m);
        }

        @Override
        public void send(EncryptedExtensions m) {
            handshake.add(m);
        }

        @Override
        public void send(CertificateMessage m) {
            handshake.add(m);
        }

        @Override
        public void send(CertificateVerifyMessage m) {
            handshake.add(m);
        }

        @Override
        public void send(FinishedMessage m) {
            handshake.add(m);
        }

        @Override
        public void send(NewSessionTicketMessage m) {
            throw new AssertionError("no session tickets");
        }
    }

    private static final class Status implements TlsStatusEventHandler {
        boolean finished;

        @Override
        public void earlySecretsKnown() {
        }

        @Override
        public void handshakeSecretsKnown() {
        }

        @Override
        public void handshakeFinished() {
            finished = true;
        }

        @Override
        public void newSessionTicketReceived(NewSessionTicket ticket) {
        }

        @Override
        public void extensionsReceived(List<Extension> extensions) {
        }

        @Override
        public boolean isEarlyDataAccepted() {
            return false;
        }
    }
}
