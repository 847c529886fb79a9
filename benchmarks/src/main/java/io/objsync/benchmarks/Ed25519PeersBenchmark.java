package io.objsync.benchmarks;

import io.objsync.crypto.Ed25519PrivateKey;

import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The Ed25519 implementations a Java project would otherwise use, on the inputs of {@link Ed25519Benchmark}:
 * <ul>
 * <li>{@code jdk}: the JDK's EdDSA ({@code Signature.getInstance("Ed25519")}), one {@code Signature} reused;
 *     keys are the JDK's key objects, made once.</li>
 * <li>{@code bouncyCastle}: BouncyCastle's low-level {@code org.bouncycastle.math.ec.rfc8032.Ed25519}: signing
 *     with the public key given, verifying from the 32-byte key encoding (decoded on every verify, as
 *     libsodium does).</li>
 * </ul>
 * Neither has a batch verifier: a batch is a loop of single verifies, one key per message. Setup checks that both
 * produce objsync's signatures, byte for byte, and accept objsync's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Ed25519PeersBenchmark {

    /** Signatures in a batch. */
    @Param({"64"})
    public int batch;

    private byte[][] seeds;
    private byte[][] publicKeys;
    private byte[][] messages;
    private byte[][] signatures;    // objsync's
    private PrivateKey jdkPrivateKey;
    private PublicKey[] jdkPublicKeys;
    private Signature jdkSigner;
    private Signature jdkVerifier;

    /** Makes every key and signature with objsync (default backend), then checks both peers against them. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        int n = Math.max(batch, 1);
        seeds = new byte[n][];
        publicKeys = new byte[n][];
        messages = new byte[n][];
        signatures = new byte[n][];
        jdkPublicKeys = new PublicKey[n];
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < n; i++) {
            Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Ed25519Input.seed(i));
            seeds[i] = key.seed();
            publicKeys[i] = key.publicKey().toBytes();
            messages[i] = Ed25519Input.message(i);
            signatures[i] = key.sign(messages[i]);
            jdkPublicKeys[i] = factory.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519,
                    point(publicKeys[i])));
        }
        jdkPrivateKey = factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seeds[0]));
        jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(jdkPrivateKey);
        jdkVerifier = Signature.getInstance("Ed25519");

        if (!Arrays.equals(signatures[0], jdkSign()) || !Arrays.equals(signatures[0], bouncyCastleSign())) {
            throw new IllegalStateException("a peer's Ed25519 signature differs from objsync's");
        }
        if (!jdkVerify() || !jdkBatchVerify() || !bouncyCastleVerify() || !bouncyCastleBatchVerify()) {
            throw new IllegalStateException("a peer rejects objsync's Ed25519 signatures");
        }
        byte[] forged = signatures[0].clone();
        forged[32] ^= 1; // S off by one: R stays a valid point, which the JDK needs to return false, not throw
        if (jdkVerify(0, forged) || bouncyCastleVerify(0, forged)) {
            throw new IllegalStateException("a peer accepts a forged Ed25519 signature");
        }
    }

    /** The JDK signs message 0. */
    @Benchmark
    public byte[] jdkSign() throws GeneralSecurityException {
        jdkSigner.update(messages[0]);
        return jdkSigner.sign();
    }

    /** The JDK verifies message 0's signature. */
    @Benchmark
    public boolean jdkVerify() throws GeneralSecurityException {
        return jdkVerify(0, signatures[0]);
    }

    /** The JDK verifies the batch, one signature after another. */
    @Benchmark
    public boolean jdkBatchVerify() throws GeneralSecurityException {
        boolean all = true;
        for (int i = 0; i < batch; i++) {
            all &= jdkVerify(i, signatures[i]);
        }
        return all;
    }

    /** BouncyCastle signs message 0. */
    @Benchmark
    public byte[] bouncyCastleSign() {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seeds[0], 0, publicKeys[0], 0, messages[0], 0, messages[0].length, sig, 0);
        return sig;
    }

    /** BouncyCastle verifies message 0's signature. */
    @Benchmark
    public boolean bouncyCastleVerify() {
        return bouncyCastleVerify(0, signatures[0]);
    }

    /** BouncyCastle verifies the batch, one signature after another. */
    @Benchmark
    public boolean bouncyCastleBatchVerify() {
        boolean all = true;
        for (int i = 0; i < batch; i++) {
            all &= bouncyCastleVerify(i, signatures[i]);
        }
        return all;
    }

    private boolean jdkVerify(int i, byte[] signature) throws GeneralSecurityException {
        jdkVerifier.initVerify(jdkPublicKeys[i]);
        jdkVerifier.update(messages[i]);
        return jdkVerifier.verify(signature);
    }

    private boolean bouncyCastleVerify(int i, byte[] signature) {
        return Ed25519.verify(signature, 0, publicKeys[i], 0, messages[i], 0, messages[i].length);
    }

    /** The JDK's form of an encoded public key: y little-endian in the low 255 bits, x's parity in the top bit. */
    private static EdECPoint point(byte[] encoded) {
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    }
}
