package io.objsync.net.internal;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.UnsupportedProtocolException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.util.function.Predicate;

/**
 * The JSSE side of a node: one {@link SSLContext} (TLS 1.3 only, the node's certificate on both sides, mutual
 * authentication, trust by node id) and the two handshakes, with failures turned into typed exceptions.
 * Its client session cache lets a repeat connection to the same address resume instead of a full handshake.
 */
public final class TlsContext {

    private static final String[] TLS13 = {"TLSv1.3"};
    /**
     * Key exchange only over X25519: both ends are nodes, and the JDK's default list makes every ClientHello
     * also generate a P-256 key share that the server never picks (measured: ~9% of a document sync's CPU).
     * {@code SSLParameters.setNamedGroups} exists from JDK 20; on older JDKs the default groups stay.
     */
    private static final String[] GROUPS = {"x25519"};
    private static final MethodHandle SET_NAMED_GROUPS = namedGroupsSetter();

    private final SSLSocketFactory factory;
    private final NodeTrustManager trust = new NodeTrustManager();

    /** The context for {@code key}'s node, advertising no listening port. */
    public TlsContext(NodeKey key) {
        this(key, 0);
    }

    /** The context for {@code key}'s node, whose certificate advertises {@code listenPort} (0: none). */
    public TlsContext(NodeKey key, int listenPort) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            KeyManager km = new NodeKeyManager(Ed25519Certificates.selfSigned(key, listenPort),
                    Ed25519Certificates.privateKey(key));
            ctx.init(new KeyManager[] {km}, new TrustManager[] {trust}, new SecureRandom());
            factory = ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do TLS 1.3", e);
        }
    }

    /**
     * Runs the client handshake on a connected {@code tcp} socket: the server must prove {@code expected} and
     * accept {@code alpn}.
     *
     * @throws PeerIdentityException        when it proves another key
     * @throws UnsupportedProtocolException when it refuses the protocol
     * @throws StreamTimeoutException       when the handshake overruns {@code timeoutMillis}
     */
    public SSLSocket connect(Socket tcp, InetSocketAddress addr, NodeId expected, String alpn, Watchdog watchdog,
                             long timeoutMillis) throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(tcp, addr.getHostString(), addr.getPort(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setProtocols(TLS13);
        onlyX25519(p);
        p.setApplicationProtocols(new String[] {alpn});
        ssl.setSSLParameters(p);
        trust.expect(ssl, expected);
        String who = "node " + expected.shortForm() + " at " + addr;
        try {
            handshake(ssl, tcp, watchdog, timeoutMillis, who);
        } catch (SSLHandshakeException e) {
            reset(tcp);
            if (causedBy(e, NodeTrustManager.WrongPeerException.class)) {
                throw new PeerIdentityException("refused " + who + ": " + rootMessage(e), e);
            }
            if (String.valueOf(e.getMessage()).contains("no_application_protocol")) {
                throw new UnsupportedProtocolException(who + " does not serve " + alpn, e);
            }
            throw e;
        } catch (IOException e) {
            reset(tcp);
            throw e;
        } finally {
            trust.forget(ssl);
        }
        // A resumed session skips the trust manager: check the proven key again.
        NodeId got = peerOf(ssl, tcp);
        if (!got.equals(expected)) {
            reset(tcp);
            throw new PeerIdentityException("refused " + who + ": it proved " + got, null);
        }
        if (!alpn.equals(ssl.getApplicationProtocol())) {
            reset(tcp);
            throw new UnsupportedProtocolException(who + " did not agree to " + alpn, null);
        }
        return ssl;
    }

    /**
     * Runs the server handshake on an accepted {@code tcp} socket, offering the protocols {@code serves}
     * accepts; any node may connect.
     */
    public SSLSocket accept(Socket tcp, Predicate<String> serves, Watchdog watchdog, long timeoutMillis)
            throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(tcp, null, true);
        ssl.setUseClientMode(false);
        SSLParameters p = ssl.getSSLParameters();
        p.setProtocols(TLS13);
        onlyX25519(p);
        p.setNeedClientAuth(true);
        ssl.setSSLParameters(p);
        // null = no common protocol: JSSE answers with a no_application_protocol alert.
        ssl.setHandshakeApplicationProtocolSelector((s, offered) ->
                offered.stream().filter(serves).findFirst().orElse(null));
        handshake(ssl, tcp, watchdog, timeoutMillis, "client at " + tcp.getRemoteSocketAddress());
        return ssl;
    }

    private static MethodHandle namedGroupsSetter() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17 to 19
        }
    }

    private static void onlyX25519(SSLParameters p) {
        if (SET_NAMED_GROUPS != null) {
            try {
                SET_NAMED_GROUPS.invokeExact(p, GROUPS.clone());
            } catch (Throwable e) {
                throw new IllegalStateException("this JDK refuses the X25519 group", e);
            }
        }
    }

    /**
     * Where node {@code peer}, which connected to us over {@code tcp}, can be dialled back: the port its
     * certificate advertises at the address the connection came from (only the port is taken from the peer,
     * so it can never point us at another host), or no address when it advertises none.
     */
    public static NodeAddr dialBackOf(SSLSocket ssl, Socket tcp, NodeId peer) {
        int port = Ed25519Certificates.listenPortOf(peerCertificates(ssl));
        if (port == 0 || tcp.getInetAddress() == null) {
            return NodeAddr.of(peer);
        }
        return NodeAddr.of(peer, new InetSocketAddress(tcp.getInetAddress(), port));
    }

    private static java.security.cert.Certificate[] peerCertificates(SSLSocket ssl) {
        try {
            return ssl.getSession().getPeerCertificates();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The node id the peer proved in the completed handshake. */
    public static NodeId peerOf(SSLSocket ssl, Socket tcp) throws IOException {
        try {
            return Ed25519Certificates.nodeIdOf(ssl.getSession().getPeerCertificates());
        } catch (CertificateException e) {
            reset(tcp);
            throw new PeerIdentityException("the peer's certificate names no node: " + e.getMessage(), e);
        }
    }

    private static void handshake(SSLSocket ssl, Socket tcp, Watchdog watchdog, long timeoutMillis, String who)
            throws IOException {
        ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        Watchdog.Guard guard = watchdog.guard(tcp);
        guard.arm(timeoutMillis * 1_000_000L);
        try {
            ssl.startHandshake();
        } catch (java.net.SocketTimeoutException e) {
            throw timeout(who, timeoutMillis, e);
        } catch (IOException e) {
            if (guard.fired()) {
                throw timeout(who, timeoutMillis, e);
            }
            throw e;
        } finally {
            guard.disarm();
        }
    }

    private static StreamTimeoutException timeout(String who, long millis, IOException cause) {
        StreamTimeoutException t = new StreamTimeoutException("TLS handshake with " + who + " took more than "
                + millis + " ms");
        t.initCause(cause);
        return t;
    }

    /** Drops a connection with a TCP reset. */
    public static void reset(Socket tcp) {
        try {
            tcp.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
