package io.objsync.net.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.testing.FuzzSeeds;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a node reads from a peer's TLS certificate: {@link Ed25519Certificates#nodeIdOf} (identity) and
 * {@link Ed25519Certificates#listenPortOf} (the dial-back hint). The JDK parses the DER (as JSSE does before our
 * trust manager sees it); inputs it refuses end there. {@link #peerCertificate} takes the whole DER,
 * {@link #listenPortExtension} the content of the listen-port extension of an otherwise valid certificate (built
 * and signed per input), since a whole certificate with a mutated extension rarely parses.
 *
 * <p>Properties: {@code nodeIdOf} throws only {@link CertificateException}; a certificate it accepts verifies
 * under the returned id; {@code listenPortOf} never throws and returns 0-65535, and returns exactly the
 * advertised port when the extension is a DER INTEGER in 1-65535.
 */
class CertificateFuzzTest {

    private static final NodeKey KEY = NodeKey.fromSeed(FuzzSeeds.filled(5, 32));

    @FuzzTest
    void peerCertificate(byte[] input) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(input));
        } catch (CertificateException | RuntimeException e) {
            return; // the JDK's parser refused it: JSSE ends the handshake before our code runs
        }
        Certificate[] chain = {cert};
        try {
            NodeId id = Ed25519Certificates.nodeIdOf(chain);
            cert.verify(Ed25519Certificates.publicKey(id));
        } catch (CertificateException e) {
            // refused: the only way nodeIdOf may fail
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("nodeIdOf accepted a certificate that its id does not verify", e);
        }
        int port = Ed25519Certificates.listenPortOf(chain);
        assertTrue(port >= 0 && port <= 0xFFFF);
    }

    @FuzzTest
    void listenPortExtension(byte[] input) throws Exception {
        Certificate[] chain = {certificate(input)};
        assertEquals(KEY.nodeId(), Ed25519Certificates.nodeIdOf(chain));
        int port = Ed25519Certificates.listenPortOf(chain);
        assertTrue(port >= 0 && port <= 0xFFFF);
        BigInteger advertised = derInteger(input);
        if (advertised != null && advertised.signum() > 0 && advertised.bitLength() <= 16) {
            assertEquals(advertised.intValue(), port);
        }
    }

    /** The value of {@code der} when it is exactly one DER INTEGER, else null. */
    private static BigInteger derInteger(byte[] der) {
        try {
            return ASN1Integer.getInstance(der).getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A self-signed certificate of {@link #KEY} whose listen-port extension holds {@code extension} as is. */
    static X509Certificate certificate(byte[] extension) throws Exception {
        X500Name name = new X500Name("CN=" + KEY.nodeId());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.ONE, new Date(0),
                new Date(4_000_000_000_000L), name,
                SubjectPublicKeyInfo.getInstance(Ed25519Certificates.publicKey(KEY.nodeId()).getEncoded()));
        builder.addExtension(Ed25519Certificates.LISTEN_PORT, false, extension);
        byte[] der = builder.build(new JcaContentSignerBuilder("Ed25519")
                .build(Ed25519Certificates.privateKey(KEY))).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    static Map<String, byte[]> peerSeeds() throws Exception {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("port-4242", certificate(new ASN1Integer(4242).getEncoded()).getEncoded());
        seeds.put("port-garbage", certificate(new byte[] {4, 1, 0}).getEncoded());
        return seeds;
    }

    static Map<String, byte[]> extensionSeeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("port-443", new ASN1Integer(443).getEncoded());
        seeds.put("port-65535", new ASN1Integer(65535).getEncoded());
        seeds.put("negative", new ASN1Integer(-1).getEncoded());
        seeds.put("octets", new byte[] {4, 2, 1, (byte) 187});
        return seeds;
    }

    @Test
    void seedsAreCommitted() throws Exception {
        FuzzSeeds.check(CertificateFuzzTest.class, "peerCertificate", peerSeeds());
        FuzzSeeds.check(CertificateFuzzTest.class, "listenPortExtension", extensionSeeds());
    }
}
