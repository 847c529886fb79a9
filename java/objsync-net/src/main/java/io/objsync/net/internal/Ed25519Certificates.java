package io.objsync.net.internal;

import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;

/**
 * A node's TLS identity: its Ed25519 key as JDK keys and a self-signed X.509 certificate (built with
 * BouncyCastle, signed by the JDK's Ed25519), and the way back from a peer's certificate to its node id.
 * The certificate carries no trust of its own: the TLS handshake proves possession of the key, and the
 * key is the identity.
 */
public final class Ed25519Certificates {

    /**
     * The extension that carries a node's TCP listening port: a private OID under the UUID arc (ITU-T X.667,
     * 2.25.{UUID as an integer}), an ASN.1 INTEGER value.
     */
    static final ASN1ObjectIdentifier LISTEN_PORT =
            new ASN1ObjectIdentifier("2.25.164994871969082827461440945267085611004");

    /** DER of SubjectPublicKeyInfo for Ed25519 up to the 32 key bytes (RFC 8410). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Certificates() {
    }

    /** {@code key}'s seed as a JDK private key (algorithm "EdDSA"). */
    public static PrivateKey privateKey(NodeKey key) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, key.seed()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** {@code id} as a JDK public key. */
    public static PublicKey publicKey(NodeId id) {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + NodeId.LENGTH);
        System.arraycopy(id.toBytes(), 0, spki, SPKI_PREFIX.length, NodeId.LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** A self-signed certificate for {@code key} that advertises no listening port. */
    public static X509Certificate selfSigned(NodeKey key) {
        return selfSigned(key, 0);
    }

    /**
     * A self-signed certificate for {@code key}, valid from a day ago for 100 years (validity is not checked),
     * advertising {@code listenPort} (1-65535; 0 for none) in a private non-critical extension, so that a node
     * that accepts a stream from this one can dial it back (see {@link #listenPortOf}).
     */
    public static X509Certificate selfSigned(NodeKey key, int listenPort) {
        if (listenPort < 0 || listenPort > 0xffff) {
            throw new IllegalArgumentException("port " + listenPort);
        }
        X500Name name = new X500Name("CN=" + key.nodeId()); // 64 hex characters: the RFC 5280 maximum
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(36500))), name,
                SubjectPublicKeyInfo.getInstance(publicKey(key.nodeId()).getEncoded()));
        try {
            if (listenPort != 0) {
                builder.addExtension(LISTEN_PORT, false, new ASN1Integer(listenPort));
            }
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("Ed25519").build(privateKey(key)));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (OperatorCreationException | IOException | CertificateException e) {
            throw new IllegalStateException("cannot build an Ed25519 certificate", e);
        }
    }

    /**
     * The node id a peer's certificate chain proves: a single self-signed Ed25519 certificate whose signature
     * verifies with its own key.
     *
     * @throws CertificateException when the chain is anything else
     */
    public static NodeId nodeIdOf(java.security.cert.Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new CertificateException("the peer presented no X.509 certificate");
        }
        X509Certificate cert = (X509Certificate) chain[0];
        byte[] spki = cert.getPublicKey().getEncoded();
        if (spki.length != SPKI_PREFIX.length + NodeId.LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new CertificateException("the peer's certificate key is not Ed25519 ("
                    + cert.getPublicKey().getAlgorithm() + ")");
        }
        try {
            cert.verify(cert.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the peer's certificate is not self-signed by its key", e);
        }
        try {
            return NodeId.of(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
        } catch (IllegalArgumentException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    /**
     * The listening port a peer's certificate advertises, or 0 when it names none or names one badly (the
     * port is a hint for dialling back, never trusted for identity, so a bad one is ignored, not an error).
     */
    public static int listenPortOf(java.security.cert.Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return 0;
        }
        byte[] ext = cert.getExtensionValue(LISTEN_PORT.getId());
        if (ext == null) {
            return 0;
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            if (!(value instanceof ASN1Integer integer)) {
                return 0; // also an empty extension, which parses to no object (null)
            }
            BigInteger port = integer.getValue();
            return port.signum() > 0 && port.bitLength() <= 16 ? port.intValue() : 0;
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }
}
