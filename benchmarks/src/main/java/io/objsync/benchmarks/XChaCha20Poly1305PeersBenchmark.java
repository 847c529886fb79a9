package io.objsync.benchmarks;

import io.objsync.crypto.XChaCha20Poly1305;
import io.objsync.crypto.XChaCha20Poly1305Key;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.internal.InsecureNonceXChaCha20Poly1305;
import com.google.crypto.tink.aead.internal.XChaCha20Poly1305Jce;
import com.google.crypto.tink.util.SecretBytes;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The pure-Java XChaCha20-Poly1305 implementations a Java project would otherwise use, on the inputs of
 * {@link XChaCha20Poly1305Benchmark} (same key, nonce and plaintext; no associated data):
 * <ul>
 * <li>{@code tink}: Tink's {@code InsecureNonceXChaCha20Poly1305}, its own ChaCha20 and Poly1305 in Java with an
 *     explicit nonce; {@code com.google.crypto.tink.subtle.XChaCha20Poly1305} runs exactly this after drawing a
 *     random nonce.</li>
 * <li>{@code tinkJce}: Tink's {@code XChaCha20Poly1305Jce}, HChaCha20 in Java over the JDK's ChaCha20-Poly1305
 *     cipher. It draws a random nonce per seal and writes {@code nonce || ciphertext || tag}; open reads that.</li>
 * <li>{@code bouncyCastle}: {@link BouncyCastleXChaCha20Poly1305}, HChaCha20 with BouncyCastle's ChaCha core
 *     then its {@code ChaCha20Poly1305}.</li>
 * </ul>
 * Setup checks that each peer's output equals objsync's, byte for byte, and that each opens objsync's output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class XChaCha20Poly1305PeersBenchmark {

    private static final int NONCE_LENGTH = 24;
    private static final byte[] NO_ASSOCIATED_DATA = {};

    @Param({"64B", "1KiB", "16KiB", "1MiB"})
    public String size;

    private byte[] plaintext;
    private byte[] sealed;          // ciphertext || tag
    private byte[] sealedWithNonce; // nonce || ciphertext || tag, Tink's JCE form
    private InsecureNonceXChaCha20Poly1305 tink;
    private Aead tinkJce;
    private BouncyCastleXChaCha20Poly1305 bouncyCastle;

    /** Builds every peer and checks it against objsync (its default backend) on this size's input. */
    @Setup
    public void setUp() throws GeneralSecurityException, InvalidCipherTextException {
        plaintext = AeadInput.plaintext(size);
        sealed = XChaCha20Poly1305.create(XChaCha20Poly1305Key.fromBytes(AeadInput.KEY))
                .seal(AeadInput.NONCE, plaintext, null);
        sealedWithNonce = concat(AeadInput.NONCE, sealed);
        tink = new InsecureNonceXChaCha20Poly1305(AeadInput.KEY);
        tinkJce = XChaCha20Poly1305Jce.create(com.google.crypto.tink.aead.XChaCha20Poly1305Key.create(
                SecretBytes.copyFrom(AeadInput.KEY, InsecureSecretKeyAccess.get())));
        bouncyCastle = new BouncyCastleXChaCha20Poly1305(AeadInput.KEY);

        byte[] jceSealed = tinkJceSeal();
        byte[] jceNonce = Arrays.copyOf(jceSealed, NONCE_LENGTH);
        byte[] expectedJce = XChaCha20Poly1305.create(XChaCha20Poly1305Key.fromBytes(AeadInput.KEY))
                .seal(jceNonce, plaintext, null);
        agree("Tink's seal", sealed, tinkSeal());
        agree("Tink JCE's seal", concat(jceNonce, expectedJce), jceSealed);
        agree("BouncyCastle's seal", sealed, bouncyCastleSeal());
        agree("Tink's open", plaintext, tinkOpen());
        agree("Tink JCE's open", plaintext, tinkJceOpen());
        agree("BouncyCastle's open", plaintext, bouncyCastleOpen());
    }

    /** Tink, pure Java, explicit nonce. */
    @Benchmark
    public byte[] tinkSeal() throws GeneralSecurityException {
        return tink.encrypt(AeadInput.NONCE, plaintext, NO_ASSOCIATED_DATA);
    }

    /** Tink, pure Java, explicit nonce. */
    @Benchmark
    public byte[] tinkOpen() throws GeneralSecurityException {
        return tink.decrypt(AeadInput.NONCE, sealed, NO_ASSOCIATED_DATA);
    }

    /** Tink over the JDK's cipher, with a fresh random nonce. */
    @Benchmark
    public byte[] tinkJceSeal() throws GeneralSecurityException {
        return tinkJce.encrypt(plaintext, NO_ASSOCIATED_DATA);
    }

    /** Tink over the JDK's cipher, nonce read from the input. */
    @Benchmark
    public byte[] tinkJceOpen() throws GeneralSecurityException {
        return tinkJce.decrypt(sealedWithNonce, NO_ASSOCIATED_DATA);
    }

    /** BouncyCastle's ChaCha20-Poly1305 under an HChaCha20 subkey. */
    @Benchmark
    public byte[] bouncyCastleSeal() {
        return bouncyCastle.seal(AeadInput.NONCE, plaintext);
    }

    /** BouncyCastle's ChaCha20-Poly1305 under an HChaCha20 subkey. */
    @Benchmark
    public byte[] bouncyCastleOpen() throws InvalidCipherTextException {
        return bouncyCastle.open(AeadInput.NONCE, sealed);
    }

    private void agree(String what, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + " disagrees with objsync at " + size);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
