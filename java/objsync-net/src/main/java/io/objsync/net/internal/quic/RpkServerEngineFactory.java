package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import tech.kwik.agent15.engine.ServerMessageSender;
import tech.kwik.agent15.engine.TlsServerEngine;
import tech.kwik.agent15.engine.TlsServerEngineFactory;
import tech.kwik.agent15.engine.TlsStatusEventHandler;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Gives each connection kwik's server accepts an {@link RpkServerEngine} for this node, and remembers which
 * engine serves which connection so the endpoint can ask who the client proved to be.
 *
 * <p>agent15's factory has no constructor without an X.509 key store, so the superclass gets a throw-away P-256
 * certificate it never uses (made once per JVM); every engine this factory creates presents the node key.
 */
public final class RpkServerEngineFactory extends TlsServerEngineFactory {

    private static final char[] PASSWORD = "unused".toCharArray();
    private static final String ALIAS = "unused";

    private final NodeId self;
    private final Ed25519PrivateKey signingKey;
    private final Map<Object, RpkServerEngine> engines = Collections.synchronizedMap(new WeakHashMap<>());

    /** Engines for {@code key}'s node. */
    public RpkServerEngineFactory(NodeKey key) throws CertificateException {
        super(Placeholder.STORE, ALIAS, PASSWORD, "secp256r1");
        this.self = key.nodeId();
        this.signingKey = Ed25519PrivateKey.fromSeed(key.seed());
    }

    @Override
    public TlsServerEngine createServerEngine(ServerMessageSender sender, TlsStatusEventHandler connection) {
        RpkServerEngine engine = new RpkServerEngine(self, signingKey, sender, connection,
                KwikAccess.serverHooks(connection));
        engines.put(connection, engine);
        return engine;
    }

    /** The node id the client of {@code connection} proved, or null if it has not (or is not ours). */
    public NodeId clientOf(Object connection) {
        RpkServerEngine e = engines.get(connection);
        return e == null ? null : e.clientKey();
    }

    /** The largest UDP payload the client of {@code connection} receives, 0 when unknown. */
    long clientMaxUdpPayloadOf(Object connection) {
        RpkServerEngine e = engines.get(connection);
        return e == null ? 0 : e.clientMaxUdpPayload();
    }

    /** The unused X.509 material agent15's constructor insists on. */
    private static final class Placeholder {
        static final KeyStore STORE = create();

        private static KeyStore create() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                X500Name name = new X500Name("CN=unused");
                Date from = new Date();
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                        new JcaX509v3CertificateBuilder(name, BigInteger.ONE, from, new Date(from.getTime() + 1000),
                                name, pair.getPublic())
                                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD, new X509Certificate[] {cert});
                return ks;
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the placeholder key store", e);
            }
        }
    }
}
