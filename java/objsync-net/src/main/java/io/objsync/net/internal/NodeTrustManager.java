package io.objsync.net.internal;

import io.objsync.net.NodeId;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trusts a certificate for what its key is, not for who signed it. A client accepts exactly the node id it
 * dialled (registered per socket before the handshake); a server accepts any node and the handler learns
 * which from the session.
 */
final class NodeTrustManager extends X509ExtendedTrustManager {

    /** The server proved another key than the one dialled. */
    static final class WrongPeerException extends CertificateException {
        private static final long serialVersionUID = 1L;

        WrongPeerException(String message) {
            super(message);
        }
    }

    private final Map<Socket, NodeId> expected = new ConcurrentHashMap<>();

    void expect(Socket socket, NodeId peer) {
        expected.put(socket, peer);
    }

    void forget(Socket socket) {
        expected.remove(socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        NodeId want = expected.get(socket);
        if (want == null) {
            throw new CertificateException("no expected node id for this connection");
        }
        NodeId got = Ed25519Certificates.nodeIdOf(chain);
        if (!got.equals(want)) {
            throw new WrongPeerException("dialled node " + want + " but the peer proved " + got);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        Ed25519Certificates.nodeIdOf(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Ed25519Certificates.nodeIdOf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("SSLEngine connections are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        Ed25519Certificates.nodeIdOf(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server must be checked against the socket it was dialled on");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
