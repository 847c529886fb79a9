package io.objsync.crypto;

import static io.objsync.crypto.TestBuffers.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.spi.Backend;
import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random inputs on each backend against the pure-Java backend: XChaCha20-Poly1305 at sizes around the ChaCha20
 * block, Poly1305 block and scratch boundaries; Ed25519 keys, signatures and verdicts on valid, mutated and
 * random signatures and keys (most random keys are not points); HKDF over random lengths. In the bindings
 * module this compares libsodium (jni, ffm) with the Java code byte for byte.
 */
class CryptoDifferentialTest {

    private static final Backend REFERENCE = BackendsUnderTest.java();

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aeadAgreesWithTheJavaBackend(Backend backend) throws AeadBadTagException {
        Random rnd = new Random(0xC4AC4AL);
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1023, 1024,
                16383, 16384, 16385, 65536 + 3, 300_000));
        for (int i = 0; i < 10; i++) {
            sizes.add(rnd.nextInt(5000));
        }
        for (int size : sizes) {
            XChaCha20Poly1305Key key = XChaCha20Poly1305Key.fromBytes(random(rnd, 32));
            XChaCha20Poly1305 expected = new XChaCha20Poly1305(REFERENCE, key);
            XChaCha20Poly1305 actual = new XChaCha20Poly1305(backend, key);
            byte[] nonce = random(rnd, 24);
            byte[] ad = random(rnd, rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(200));
            byte[] msg = random(rnd, size);
            String what = backend.name() + " size " + size + " ad " + ad.length;
            byte[] sealed = expected.seal(nonce, msg, ad);
            assertArrayEquals(sealed, actual.seal(nonce, msg, ad), what);
            assertArrayEquals(msg, actual.open(nonce, sealed, ad), what);
            ByteBuffer direct = ByteBuffer.allocateDirect(size + 16);
            actual.seal(nonce, TestBuffers.direct(msg), direct, ad);
            assertArrayEquals(sealed, TestBuffers.peek(direct.flip(), size + 16), what + " direct");
            sealed[rnd.nextInt(sealed.length)] ^= (byte) (1 << rnd.nextInt(8));
            byte[] forged = sealed;
            assertThrows(AeadBadTagException.class, () -> expected.open(nonce, forged, ad), what);
            assertThrows(AeadBadTagException.class, () -> actual.open(nonce, forged, ad), what);
        }
    }

    /**
     * Every length up to three ChaCha20 blocks (each 16-byte Poly1305 and 64-byte ChaCha20 boundary), the native
     * seal's 8 KiB chunk boundaries and 1 MiB + 7, with associated data around the Poly1305 block: seal and open
     * agree with the Java backend, and a flipped bit in the tag, the ciphertext or the associated data is refused
     * with nothing but zeros in the output.
     */
    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aeadAgreesAcrossBlockAndChunkBoundaries(Backend backend) throws AeadBadTagException {
        Random rnd = new Random(0xB10C5L);
        List<Integer> sizes = new ArrayList<>();
        for (int size = 0; size <= 3 * 64 + 1; size++) {
            sizes.add(size);
        }
        sizes.addAll(List.of(8191, 8192, 8193, 16385, 24575, 24576 + 64 + 1, (1 << 20) + 7));
        int[] adLengths = {0, 1, 15, 16, 17, 31, 32, 33, 64, 65};
        for (int size : sizes) {
            XChaCha20Poly1305Key key = XChaCha20Poly1305Key.fromBytes(random(rnd, 32));
            XChaCha20Poly1305 expected = new XChaCha20Poly1305(REFERENCE, key);
            XChaCha20Poly1305 actual = new XChaCha20Poly1305(backend, key);
            byte[] nonce = random(rnd, 24);
            byte[] ad = random(rnd, adLengths[rnd.nextInt(adLengths.length)]);
            byte[] msg = random(rnd, size);
            String what = backend.name() + " size " + size + " ad " + ad.length;
            byte[] ct = new byte[size];
            byte[] tag = expected.sealDetached(nonce, msg, 0, size, ct, 0, ad);
            byte[] actualCt = new byte[size];
            assertArrayEquals(tag, actual.sealDetached(nonce, msg, 0, size, actualCt, 0, ad), what);
            assertArrayEquals(ct, actualCt, what);
            byte[] opened = new byte[size];
            actual.openDetached(nonce, ct, 0, size, tag, opened, 0, ad);
            assertArrayEquals(msg, opened, what);

            byte[] badTag = flipOneBit(rnd, tag);
            byte[] badCt = size == 0 ? ct : flipOneBit(rnd, ct);
            byte[] badAd = ad.length == 0 ? new byte[] {1} : flipOneBit(rnd, ad);
            boolean thorough = size < 2 || size % 64 == 1 || size == 8193; // every buffer kind: slower
            for (Object[] forgery : new Object[][] {{"tag", ct, badTag, ad}, {"ct", badCt, tag, ad},
                    {"ad", ct, tag, badAd}}) {
                String w = what + " forged " + forgery[0];
                byte[] c = (byte[]) forgery[1];
                byte[] t = (byte[]) forgery[2];
                byte[] a = (byte[]) forgery[3];
                if (c == ct && t == tag && a == ad) {
                    continue; // nothing to flip in an empty ciphertext
                }
                assertThrows(AeadBadTagException.class, () -> expected.openDetached(nonce, c, 0, size, t,
                        new byte[size], 0, a), w);
                if (thorough) {
                    AeadChecks.rejects(actual, nonce, a, c, t, w);
                } else {
                    byte[] out = TestBuffers.filled(size + 4);
                    assertThrows(AeadBadTagException.class,
                            () -> actual.openDetached(nonce, c, 0, size, t, out, 2, a), w);
                    AeadChecks.assertZeroedWindow(out, 2, size, w);
                }
            }
        }
    }

    private static byte[] flipOneBit(Random rnd, byte[] b) {
        byte[] copy = b.clone();
        copy[rnd.nextInt(copy.length)] ^= (byte) (1 << rnd.nextInt(8));
        return copy;
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void ed25519AgreesWithTheJavaBackend(Backend backend) {
        Random rnd = new Random(0xED25519L);
        Ed25519Engine expected = Ed25519Engine.of(REFERENCE);
        Ed25519Engine actual = Ed25519Engine.of(backend);
        for (int i = 0; i < 40; i++) {
            byte[] seed = random(rnd, 32);
            Ed25519PrivateKey key = actual.fromSeed(seed);
            assertEquals(expected.fromSeed(seed).publicKey(), key.publicKey(), "seed " + i);
            byte[] msg = random(rnd, rnd.nextInt(2000));
            byte[] sig = actual.sign(key, msg, 0, msg.length);
            assertArrayEquals(expected.sign(key, msg, 0, msg.length), sig, "seed " + i);
            Ed25519PublicKey pub = key.publicKey();
            Ed25519PublicKey randomKey = Ed25519PublicKey.fromBytes(random(rnd, 32));
            byte[] mutated = sig.clone();
            mutated[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
            byte[] randomR = sig.clone();
            System.arraycopy(random(rnd, 32), 0, randomR, 0, 32);
            byte[] randomS = sig.clone();
            System.arraycopy(random(rnd, 32), 0, randomS, 32, 32);
            Object[][] triples = {
                {pub, sig}, {pub, mutated}, {pub, randomR}, {pub, randomS}, {randomKey, sig}, {pub, random(rnd, 64)},
            };
            for (Object[] t : triples) {
                Ed25519PublicKey k = (Ed25519PublicKey) t[0];
                byte[] s = (byte[]) t[1];
                assertEquals(expected.verify(k, msg, 0, msg.length, s), actual.verify(k, msg, 0, msg.length, s),
                        backend.name() + " seed " + i + " key " + k + " sig " + io.objsync.testing.TestVectors.hex(s));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void hkdfAgreesWithTheJavaBackend(Backend backend) {
        Random rnd = new Random(0x4B0FL);
        for (int i = 0; i < 60; i++) {
            byte[] salt = rnd.nextInt(4) == 0 ? null : random(rnd, rnd.nextInt(150));
            byte[] ikm = random(rnd, rnd.nextInt(300));
            byte[] info = rnd.nextInt(4) == 0 ? null : random(rnd, rnd.nextInt(150));
            int len = rnd.nextInt(Hkdf.MAX_OUTPUT_LENGTH + 1);
            assertArrayEquals(HkdfEngine.of(REFERENCE).derive(salt, ikm, info, len),
                    HkdfEngine.of(backend).derive(salt, ikm, info, len),
                    backend.name() + " case " + i);
        }
    }
}
