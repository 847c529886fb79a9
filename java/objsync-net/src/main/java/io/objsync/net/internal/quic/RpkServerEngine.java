package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeId;
import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.TlsConstants.CipherSuite;
import tech.kwik.agent15.TlsConstants.HandshakeType;
import tech.kwik.agent15.TlsConstants.NamedGroup;
import tech.kwik.agent15.TlsProtocolException;
import tech.kwik.agent15.alert.DecryptErrorAlert;
import tech.kwik.agent15.alert.HandshakeFailureAlert;
import tech.kwik.agent15.alert.MissingExtensionAlert;
import tech.kwik.agent15.alert.UnexpectedMessageAlert;
import tech.kwik.agent15.engine.ServerMessageProcessor;
import tech.kwik.agent15.engine.ServerMessageSender;
import tech.kwik.agent15.engine.TlsServerEngine;
import tech.kwik.agent15.engine.TlsStatusEventHandler;
import tech.kwik.agent15.engine.impl.TlsEngineImpl;
import tech.kwik.agent15.engine.impl.TlsState;
import tech.kwik.agent15.engine.impl.TranscriptHash;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.extension.KeyShareExtension;
import tech.kwik.agent15.extension.SignatureAlgorithmsExtension;
import tech.kwik.agent15.extension.SupportedVersionsExtension;
import tech.kwik.agent15.handshake.CertificateMessage;
import tech.kwik.agent15.handshake.CertificateRequestMessage;
import tech.kwik.agent15.handshake.CertificateVerifyMessage;
import tech.kwik.agent15.handshake.ClientHello;
import tech.kwik.agent15.handshake.EncryptedExtensions;
import tech.kwik.agent15.handshake.FinishedMessage;
import tech.kwik.agent15.handshake.ServerHello;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The accepting side of iroh's TLS profile, as an agent15 server engine that kwik drives: it requires both
 * raw-public-key certificate types in the ClientHello (iroh refuses clients without them too), presents this
 * node's Ed25519 key, always requests the client's key, and learns the client's node id from a verified
 * CertificateVerify. The handshake only completes (and kwik only hands out streams) once the client proved its
 * key. No resumption, no early data.
 */
final class RpkServerEngine extends TlsEngineImpl implements TlsServerEngine, ServerMessageProcessor {

    /** What the engine needs from the kwik connection it serves beyond {@link ServerMessageSender}. */
    interface Connection {
        /** Makes the handshake-level stream read raw-key Certificate messages; called before our flight. */
        void prepareHandshakeLevel();
    }

    private enum Status { START, WAIT_CERT, WAIT_VERIFY, WAIT_FINISHED, CONNECTED }

    /** Our preference; kwik adds what it supports, and we keep this order. */
    private static final List<CipherSuite> PREFERRED = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
            CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);

    private final NodeId self;
    private final Ed25519PrivateKey signingKey;
    private final Connection connection;
    private final List<CipherSuite> supported = new ArrayList<>();
    private final List<Extension> serverExtensions = new ArrayList<>();
    private ServerMessageSender sender;
    private TlsStatusEventHandler statusHandler;
    private volatile Status status = Status.START;
    private TranscriptHash transcript;
    private CipherSuite selectedCipher;
    private NodeId claimedKey;
    private volatile NodeId clientKey;
    private volatile long clientMaxUdpPayload;

    RpkServerEngine(NodeId self, Ed25519PrivateKey signingKey, ServerMessageSender sender,
                    TlsStatusEventHandler statusHandler, Connection connection) {
        this.self = self;
        this.signingKey = signingKey;
        this.sender = sender;
        this.statusHandler = statusHandler;
        this.connection = connection;
    }

    /** The client's node id once the handshake completed, else null. */
    /** The largest UDP payload the client said it receives (its transport parameter), 0 before its hello. */
    long clientMaxUdpPayload() {
        return clientMaxUdpPayload;
    }

    NodeId clientKey() {
        return status == Status.CONNECTED ? clientKey : null;
    }

    @Override
    public void received(ClientHello hello, ProtectionKeysType protectedBy) throws TlsProtocolException, IOException {
        if (status != Status.START) {
            return; // a retransmitted ClientHello
        }
        if (protectedBy != ProtectionKeysType.None) {
            throw new UnexpectedMessageAlert("client hello outside the initial level");
        }
        List<Extension> ext = hello.getExtensions();
        selectedCipher = PREFERRED.stream()
                .filter(c -> supported.contains(c) && hello.getCipherSuites().contains(c))
                .findFirst().orElseThrow(() -> new HandshakeFailureAlert("no common cipher suite"));
        if (ext.stream().noneMatch(e -> e instanceof SupportedVersionsExtension)) {
            throw new MissingExtensionAlert("TLS 1.3 only");
        }
        KeyShareExtension.KeyShareEntry share = ext.stream()
                .filter(e -> e instanceof KeyShareExtension)
                .flatMap(e -> ((KeyShareExtension) e).getKeyShareEntries().stream())
                .filter(k -> k.getNamedGroup() == NamedGroup.x25519 || k.getNamedGroup() == NamedGroup.secp256r1)
                .findFirst().orElseThrow(() -> new HandshakeFailureAlert("no X25519 or P-256 key share"));
        boolean ed25519 = ext.stream().anyMatch(e -> e instanceof SignatureAlgorithmsExtension
                && ((SignatureAlgorithmsExtension) e).getSignatureAlgorithms()
                        .contains(TlsConstants.SignatureScheme.ed25519));
        if (!ed25519) {
            throw new HandshakeFailureAlert("the client does not accept ed25519 signatures");
        }
        if (!CertificateTypeExtension.offers(ext, CertificateTypeExtension.CLIENT)
                || !CertificateTypeExtension.offers(ext, CertificateTypeExtension.SERVER)) {
            throw new HandshakeFailureAlert("the client does not offer raw public keys both ways");
        }
        statusHandler.extensionsReceived(ext); // kwik: ALPN (or no_application_protocol), transport parameters
        ext.stream().filter(e -> e instanceof tech.kwik.core.tls.QuicTransportParametersExtension).findFirst()
                .ifPresent(e -> clientMaxUdpPayload = ((tech.kwik.core.tls.QuicTransportParametersExtension) e)
                        .getTransportParameters().getMaxUdpPayloadSize());

        transcript = new TranscriptHash(hashLength(selectedCipher));
        state = new TlsState(transcript, keyLength(selectedCipher), hashLength(selectedCipher));
        transcript.record(hello);
        generateKeys(share.getNamedGroup());
        state.setOwnKey(privateKey);
        state.computeEarlyTrafficSecret();
        statusHandler.earlySecretsKnown();
        ServerHello serverHello = new ServerHello(selectedCipher, List.of(
                new SupportedVersionsExtension(HandshakeType.server_hello),
                new KeyShareExtension(publicKey, share.getNamedGroup(), HandshakeType.server_hello)));
        sender.send(serverHello);
        transcript.record(serverHello);
        state.setPeerKey(share.getKey());
        state.computeSharedSecret();
        state.computeHandshakeSecrets();
        statusHandler.handshakeSecretsKnown();

        connection.prepareHandshakeLevel();
        List<Extension> encrypted = new ArrayList<>(serverExtensions);
        encrypted.add(CertificateTypeExtension.select(CertificateTypeExtension.CLIENT));
        encrypted.add(CertificateTypeExtension.select(CertificateTypeExtension.SERVER));
        EncryptedExtensions ee = new EncryptedExtensions(encrypted);
        transcript.record(ee);
        CertificateRequestMessage request = new CertificateRequestMessage(
                new SignatureAlgorithmsExtension(TlsConstants.SignatureScheme.ed25519));
        transcript.record(request);
        RawKeyCertificateMessage certificate = RawKeyCertificateMessage.of(new byte[0], self);
        transcript.recordServer(certificate);
        CertificateVerifyMessage verify = new CertificateVerifyMessage(TlsConstants.SignatureScheme.ed25519,
                CertificateVerifySignature.sign(signingKey, false, transcript.getServerHash(HandshakeType.certificate)));
        transcript.recordServer(verify);
        FinishedMessage finished = new FinishedMessage(computeFinishedVerifyData(
                transcript.getServerHash(HandshakeType.certificate_verify), state.getServerHandshakeTrafficSecret()));
        transcript.recordServer(finished);
        // One write for the level (see HandshakeFlight); it also carries the CertificateRequest, which kwik's
        // sender has no method for.
        sender.send(new HandshakeFlight(List.of(ee, request, certificate, verify, finished)));
        state.computeApplicationSecrets();
        status = Status.WAIT_CERT;
    }

    @Override
    public void received(CertificateMessage certificate, ProtectionKeysType protectedBy) throws TlsProtocolException {
        HandshakeOrder.require(status, Status.WAIT_CERT, protectedBy);
        claimedKey = CertificateVerifySignature.presentedKey(certificate);
        transcript.recordClient(certificate);
        status = Status.WAIT_VERIFY;
    }

    @Override
    public void received(CertificateVerifyMessage verify, ProtectionKeysType protectedBy) throws TlsProtocolException {
        HandshakeOrder.require(status, Status.WAIT_VERIFY, protectedBy);
        CertificateVerifySignature.checkProof(verify, claimedKey, true,
                transcript.getClientHash(HandshakeType.certificate));
        transcript.recordClient(verify);
        clientKey = claimedKey;
        status = Status.WAIT_FINISHED;
    }

    @Override
    public void received(FinishedMessage finished, ProtectionKeysType protectedBy) throws TlsProtocolException {
        if (status == Status.WAIT_CERT) {
            throw new HandshakeFailureAlert("the client did not present its key"); // certificate_required
        }
        HandshakeOrder.require(status, Status.WAIT_FINISHED, protectedBy);
        byte[] want = computeFinishedVerifyData(transcript.getClientHash(HandshakeType.certificate_verify),
                state.getClientHandshakeTrafficSecret());
        if (!MessageDigest.isEqual(want, finished.getVerifyData())) {
            throw new DecryptErrorAlert("client finished does not verify");
        }
        transcript.recordClient(finished);
        status = Status.CONNECTED;
        statusHandler.handshakeFinished();
    }

    @Override
    public void addSupportedCiphers(List<CipherSuite> cipherSuites) {
        supported.addAll(cipherSuites);
    }

    @Override
    public void setSelectedApplicationLayerProtocol(String applicationProtocol) {
        // kwik has already put it in the server extensions
    }

    @Override
    public void addServerExtensions(Extension extension) {
        serverExtensions.add(extension);
    }

    @Override
    public void setServerMessageSender(ServerMessageSender serverMessageSender) {
        this.sender = serverMessageSender;
    }

    @Override
    public void setStatusHandler(TlsStatusEventHandler handler) {
        this.statusHandler = handler;
    }

    @Override
    public void setSessionDataVerificationCallback(Function<ByteBuffer, Boolean> callback) {
        // no resumption
    }

    @Override
    public CipherSuite getSelectedCipher() {
        return selectedCipher;
    }

    @Override
    public List<Extension> getServerExtensions() {
        return serverExtensions;
    }

    @Override
    public void setSessionData(byte[] additionalSessionData) {
        // no resumption
    }
}
