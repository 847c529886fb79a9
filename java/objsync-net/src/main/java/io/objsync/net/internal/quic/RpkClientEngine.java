package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeId;
import tech.kwik.agent15.NewSessionTicket;
import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.TlsConstants.CipherSuite;
import tech.kwik.agent15.TlsConstants.HandshakeType;
import tech.kwik.agent15.TlsProtocolException;
import tech.kwik.agent15.alert.BadCertificateAlert;
import tech.kwik.agent15.alert.DecryptErrorAlert;
import tech.kwik.agent15.alert.ErrorAlert;
import tech.kwik.agent15.alert.HandshakeFailureAlert;
import tech.kwik.agent15.alert.IllegalParameterAlert;
import tech.kwik.agent15.alert.MissingExtensionAlert;
import tech.kwik.agent15.alert.UnexpectedMessageAlert;
import tech.kwik.agent15.engine.CertificateWithPrivateKey;
import tech.kwik.agent15.engine.ClientMessageProcessor;
import tech.kwik.agent15.engine.ClientMessageSender;
import tech.kwik.agent15.engine.HostnameVerifier;
import tech.kwik.agent15.engine.TlsClientEngine;
import tech.kwik.agent15.engine.TlsStatusEventHandler;
import tech.kwik.agent15.engine.impl.TlsEngineImpl;
import tech.kwik.agent15.engine.impl.TlsState;
import tech.kwik.agent15.engine.impl.TranscriptHash;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.extension.KeyShareExtension;
import tech.kwik.agent15.extension.SupportedVersionsExtension;
import tech.kwik.agent15.handshake.CertificateMessage;
import tech.kwik.agent15.handshake.CertificateRequestMessage;
import tech.kwik.agent15.handshake.CertificateVerifyMessage;
import tech.kwik.agent15.handshake.ClientHello;
import tech.kwik.agent15.handshake.EncryptedExtensions;
import tech.kwik.agent15.handshake.FinishedMessage;
import tech.kwik.agent15.handshake.NewSessionTicketMessage;
import tech.kwik.agent15.handshake.ServerHello;

import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The dialling side of iroh's TLS profile, as an agent15 client engine that kwik drives. It offers raw public
 * keys only (both certificate-type extensions), ed25519 signatures, X25519 and AES-128-GCM first; names the
 * server by its node id ({@link IrohServerName}); accepts only the Ed25519 key it dialled; and answers the
 * server's (mandatory) certificate request with this node's key. No session resumption, no early data: every
 * connection proves both keys.
 *
 * <p>kwik calls {@code startHandshake} with its own X.509 choices (P-256, RSA/ECDSA); this engine ignores them.
 */
final class RpkClientEngine extends TlsEngineImpl implements TlsClientEngine, ClientMessageProcessor {

    private enum Status { START, WAIT_SERVER_HELLO, WAIT_EXTENSIONS, WAIT_CERT_REQUEST, WAIT_CERT, WAIT_VERIFY,
        WAIT_FINISHED, CONNECTED }

    private final ClientMessageSender sender;
    private final TlsStatusEventHandler statusHandler;
    private final NodeId self;
    private final Ed25519PrivateKey signingKey;
    private final NodeId expected;
    private final List<CipherSuite> ciphers = new ArrayList<>(List.of(CipherSuite.TLS_AES_128_GCM_SHA256));
    private final List<Extension> extensions = new ArrayList<>();
    private volatile Status status = Status.START;
    private ClientHello clientHello;
    private TranscriptHash transcript;
    private CipherSuite selectedCipher;
    private byte[] requestContext;
    private NodeId serverKey;
    private volatile NodeId wrongKey;
    private volatile boolean serverAnswered;

    RpkClientEngine(ClientMessageSender sender, TlsStatusEventHandler statusHandler, NodeId self,
                    Ed25519PrivateKey signingKey, NodeId expected) {
        this.sender = sender;
        this.statusHandler = statusHandler;
        this.self = self;
        this.signingKey = signingKey;
        this.expected = expected;
    }

    /** The key the server proved when it was not the one dialled, else null. */
    NodeId wrongKey() {
        return wrongKey;
    }

    /** Whether a ServerHello arrived: the address answers, so a failure later is not "unreachable". */
    boolean serverAnswered() {
        return serverAnswered;
    }

    @Override
    public void startHandshake() throws IOException {
        startHandshake(TlsConstants.NamedGroup.x25519, List.of());
    }

    @Override
    public void startHandshake(TlsConstants.NamedGroup ignored) throws IOException {
        startHandshake();
    }

    @Override
    public void startHandshake(TlsConstants.NamedGroup ignoredGroup, List<TlsConstants.SignatureScheme> ignored)
            throws IOException {
        if (status != Status.START) {
            throw new IllegalStateException("handshake already started");
        }
        generateKeys(TlsConstants.NamedGroup.x25519);
        List<Extension> all = new ArrayList<>(extensions);
        all.add(CertificateTypeExtension.offer(CertificateTypeExtension.CLIENT));
        all.add(CertificateTypeExtension.offer(CertificateTypeExtension.SERVER));
        clientHello = new ClientHello(IrohServerName.of(expected), publicKey, false, List.copyOf(ciphers),
                List.of(TlsConstants.SignatureScheme.ed25519), TlsConstants.NamedGroup.x25519, all, null,
                ClientHello.PskKeyEstablishmentMode.none);
        status = Status.WAIT_SERVER_HELLO;
        sender.send(clientHello);
    }

    @Override
    public void received(ServerHello serverHello, ProtectionKeysType protectedBy)
            throws MissingExtensionAlert, IllegalParameterAlert {
        if (status != Status.WAIT_SERVER_HELLO) {
            return;
        }
        serverAnswered = true;
        boolean tls13 = serverHello.getExtensions().stream().anyMatch(e -> e instanceof SupportedVersionsExtension
                && ((SupportedVersionsExtension) e).getTlsVersion() == 0x0304);
        KeyShareExtension.KeyShareEntry share = serverHello.getExtensions().stream()
                .filter(e -> e instanceof KeyShareExtension)
                .map(e -> ((KeyShareExtension) e).getKeyShareEntries())
                .filter(l -> l.size() == 1)
                .map(l -> l.get(0))
                .findFirst().orElseThrow(() -> new MissingExtensionAlert("no key share"));
        if (!tls13) {
            throw new MissingExtensionAlert("not TLS 1.3");
        }
        if (share.getNamedGroup() != TlsConstants.NamedGroup.x25519) {
            throw new IllegalParameterAlert("key share group was not offered");
        }
        if (!ciphers.contains(serverHello.getCipherSuite())) {
            throw new IllegalParameterAlert("cipher suite was not offered");
        }
        selectedCipher = serverHello.getCipherSuite();
        transcript = new TranscriptHash(hashLength(selectedCipher));
        state = new TlsState(transcript, keyLength(selectedCipher), hashLength(selectedCipher));
        transcript.record(clientHello);
        state.computeEarlyTrafficSecret();
        state.setNoPskSelected();
        state.setOwnKey(privateKey);
        state.setPeerKey(share.getKey());
        state.computeSharedSecret();
        transcript.record(serverHello);
        state.computeHandshakeSecrets();
        status = Status.WAIT_EXTENSIONS;
        statusHandler.handshakeSecretsKnown();
    }

    @Override
    public void received(EncryptedExtensions ee, ProtectionKeysType protectedBy) throws TlsProtocolException {
        HandshakeOrder.require(status, Status.WAIT_EXTENSIONS, protectedBy);
        // Without both selections the server would send (and want) X.509 certificates, which we do not do.
        if (!CertificateTypeExtension.selects(ee.getExtensions(), CertificateTypeExtension.SERVER)
                || !CertificateTypeExtension.selects(ee.getExtensions(), CertificateTypeExtension.CLIENT)) {
            throw new HandshakeFailureAlert("the server did not select raw public keys");
        }
        transcript.record(ee);
        status = Status.WAIT_CERT_REQUEST;
        statusHandler.extensionsReceived(ee.getExtensions());
    }

    @Override
    public void received(CertificateRequestMessage request, ProtectionKeysType protectedBy)
            throws TlsProtocolException {
        HandshakeOrder.require(status, Status.WAIT_CERT_REQUEST, protectedBy);
        transcript.record(request);
        requestContext = new byte[0]; // TLS 1.3 requests during the handshake carry an empty context
        status = Status.WAIT_CERT;
    }

    @Override
    public void received(CertificateMessage certificate, ProtectionKeysType protectedBy) throws TlsProtocolException {
        if (status != Status.WAIT_CERT_REQUEST) {
            HandshakeOrder.require(status, Status.WAIT_CERT, protectedBy);
        } else if (protectedBy != ProtectionKeysType.Handshake) {
            throw new UnexpectedMessageAlert("certificate outside the handshake");
        }
        serverKey = CertificateVerifySignature.presentedKey(certificate);
        transcript.recordServer(certificate);
        status = Status.WAIT_VERIFY;
    }

    @Override
    public void received(CertificateVerifyMessage verify, ProtectionKeysType protectedBy) throws TlsProtocolException {
        HandshakeOrder.require(status, Status.WAIT_VERIFY, protectedBy);
        CertificateVerifySignature.checkProof(verify, serverKey, false,
                transcript.getServerHash(HandshakeType.certificate));
        // The server proved this key; it is the identity, and only the one dialled will do.
        if (!serverKey.equals(expected)) {
            wrongKey = serverKey;
            throw new BadCertificateAlert("server is node " + serverKey + ", not " + expected);
        }
        transcript.recordServer(verify);
        status = Status.WAIT_FINISHED;
    }

    @Override
    public void received(FinishedMessage finished, ProtectionKeysType protectedBy) throws ErrorAlert, IOException {
        HandshakeOrder.require(status, Status.WAIT_FINISHED, protectedBy);
        transcript.recordServer(finished);
        byte[] want = computeFinishedVerifyData(transcript.getServerHash(HandshakeType.certificate_verify),
                state.getServerHandshakeTrafficSecret());
        if (!MessageDigest.isEqual(want, finished.getVerifyData())) {
            throw new DecryptErrorAlert("server finished does not verify");
        }
        if (requestContext == null) {
            throw new HandshakeFailureAlert("the server did not ask for our key"); // iroh always does
        }
        RawKeyCertificateMessage ours = RawKeyCertificateMessage.of(requestContext, self);
        transcript.recordClient(ours);
        byte[] signature = CertificateVerifySignature.sign(signingKey, true,
                transcript.getClientHash(HandshakeType.certificate));
        CertificateVerifyMessage verify = new CertificateVerifyMessage(TlsConstants.SignatureScheme.ed25519, signature);
        transcript.recordClient(verify);
        FinishedMessage clientFinished = new FinishedMessage(computeFinishedVerifyData(
                transcript.getClientHash(HandshakeType.certificate_verify), state.getClientHandshakeTrafficSecret()));
        transcript.recordClient(clientFinished);
        sender.send(new HandshakeFlight(List.of(ours, verify, clientFinished))); // one write: see HandshakeFlight
        state.computeApplicationSecrets();
        status = Status.CONNECTED;
        statusHandler.handshakeFinished();
    }

    @Override
    public void received(NewSessionTicketMessage nst, ProtectionKeysType protectedBy) {
        // no resumption: tickets are dropped
    }

    @Override
    public void received(ClientHello ch, ProtectionKeysType protectedBy) throws TlsProtocolException {
        throw new UnexpectedMessageAlert("client hello sent to a client");
    }

    @Override
    public void setServerName(String serverName) {
        // the name is derived from the node id dialled
    }

    @Override
    public void addSupportedCiphers(List<CipherSuite> suites) {
        for (CipherSuite c : suites) {
            if (!ciphers.contains(c)) {
                ciphers.add(c);
            }
        }
    }

    @Override
    public void add(Extension extension) {
        extensions.add(extension);
    }

    @Override
    public void addExtensions(List<Extension> list) {
        extensions.addAll(list);
    }

    @Override
    public void setTrustManager(X509TrustManager customTrustManager) {
        // identity is the raw key, checked against the node id dialled
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier hostnameVerifier) {
        // as above
    }

    @Override
    public void setNewSessionTicket(NewSessionTicket newSessionTicket) {
        // no resumption
    }

    @Override
    public void setClientCertificateCallback(Function<List<X500Principal>, CertificateWithPrivateKey> callback) {
        // our certificate is the node key
    }

    @Override
    public boolean handshakeFinished() {
        return status == Status.CONNECTED;
    }

    @Override
    public CipherSuite getSelectedCipher() {
        if (selectedCipher == null) {
            throw new IllegalStateException("no server hello yet");
        }
        return selectedCipher;
    }

    @Override
    public List<NewSessionTicket> getNewSessionTickets() {
        return List.of();
    }

    @Override
    public List<X509Certificate> getServerCertificateChain() {
        return List.of();
    }

    @Override
    public void setCompatibilityMode(boolean compatibilityMode) {
        // QUIC forbids it
    }
}
