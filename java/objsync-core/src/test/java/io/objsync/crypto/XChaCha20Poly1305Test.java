package io.objsync.crypto;

import static io.objsync.crypto.TestBuffers.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.internal.Limits;
import io.objsync.spi.Backend;
import io.objsync.testing.HeapLimitBackend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.SecureRandom;
import java.util.Arrays;

/** The XChaCha20-Poly1305 API beyond the vectors: random nonces, large inputs, tampering, arguments, keys. */
class XChaCha20Poly1305Test {

    private static final byte[] KEY = random(32, 1);
    private static final byte[] NONCE = random(24, 2);

    private static XChaCha20Poly1305 aead(Backend backend) {
        return new XChaCha20Poly1305(backend, XChaCha20Poly1305Key.fromBytes(KEY));
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void encryptDrawsAFreshNonceAndDecryptOpensIt(Backend backend) throws AeadBadTagException {
        XChaCha20Poly1305 aead = aead(backend);
        byte[] msg = random(1000, 3);
        byte[] ad = "header".getBytes();
        byte[] a = aead.encrypt(msg, ad);
        byte[] b = aead.encrypt(msg, ad);
        assertEquals(24 + msg.length + 16, a.length);
        assertFalse(Arrays.equals(Arrays.copyOf(a, 24), Arrays.copyOf(b, 24)), "nonces differ");
        assertArrayEquals(msg, aead.decrypt(a, ad));
        assertArrayEquals(msg, aead.decrypt(b, ad));
        // The layout is nonce || seal(nonce, msg).
        assertArrayEquals(aead.seal(Arrays.copyOf(a, 24), msg, ad), Arrays.copyOfRange(a, 24, a.length));
        assertArrayEquals(new byte[0], aead.decrypt(aead.encrypt(new byte[0], null), null));
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyAlteredBitIsCaught(Backend backend) {
        XChaCha20Poly1305 aead = aead(backend);
        byte[] ad = {1, 2, 3};
        byte[] sealed = aead.encrypt(random(40, 4), ad);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] bad = sealed.clone();
            bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertThrows(AeadBadTagException.class, () -> aead.decrypt(bad, ad), "bit " + bit);
        }
        assertThrows(AeadBadTagException.class, () -> aead.decrypt(sealed, new byte[] {1, 2, 4}));
        assertThrows(AeadBadTagException.class, () -> aead.decrypt(sealed, null));
        XChaCha20Poly1305 other = new XChaCha20Poly1305(backend, XChaCha20Poly1305Key.generate());
        assertThrows(AeadBadTagException.class, () -> other.decrypt(sealed, ad));
        assertThrows(AeadBadTagException.class, () -> aead.decrypt(Arrays.copyOf(sealed, sealed.length - 1), ad));
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void nullAndEmptyAssociatedDataAreTheSame(Backend backend) throws AeadBadTagException {
        XChaCha20Poly1305 aead = aead(backend);
        byte[] msg = random(77, 5);
        assertArrayEquals(aead.seal(NONCE, msg, null), aead.seal(NONCE, msg, new byte[0]));
        assertArrayEquals(msg, aead.open(NONCE, aead.seal(NONCE, msg, null), new byte[0]));
    }

    /** Inputs above the pinning bound, on the heap: staged through direct memory, never pinned whole. */
    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void largeHeapInputsStayWithinThePinningBound(Backend backend) throws AeadBadTagException {
        HeapLimitBackend probe = new HeapLimitBackend(backend);
        XChaCha20Poly1305 big = new XChaCha20Poly1305(probe.backend, XChaCha20Poly1305Key.fromBytes(KEY));
        XChaCha20Poly1305 plain = aead(backend);
        int len = Limits.MAX_CRITICAL_BYTES + 100;
        byte[] msg = random(len, 6);
        byte[] ad = random(Limits.MAX_CRITICAL_BYTES + 1, 7);
        byte[] sealed = big.seal(NONCE, msg, ad);
        // The same bytes as a direct-buffer seal, which is never staged.
        ByteBuffer direct = ByteBuffer.allocateDirect(len + 16);
        plain.seal(NONCE, TestBuffers.direct(msg), direct, ad);
        assertArrayEquals(sealed, TestBuffers.peek(direct.flip(), len + 16));
        assertArrayEquals(msg, big.open(NONCE, sealed, ad));

        // In place in one big array, then a forgery in place: the whole ciphertext is wiped.
        byte[] buf = Arrays.copyOf(msg, len + 16);
        big.seal(NONCE, buf, 0, len, buf, 0, ad);
        assertArrayEquals(sealed, buf);
        buf[len] ^= 1;
        byte[] forged = buf;
        assertThrows(AeadBadTagException.class, () -> big.open(NONCE, forged, 0, forged.length, forged, 0, ad));
        assertArrayEquals(new byte[len], Arrays.copyOf(forged, len));
        assertTrue(probe.largestHeapInput.get() <= Limits.MAX_CRITICAL_BYTES,
                probe.largestHeapInput.get() + " heap bytes in one call");
    }

    @Test
    void argumentsAreCheckedBeforeAnyWork() {
        XChaCha20Poly1305 aead = XChaCha20Poly1305.create(XChaCha20Poly1305Key.fromBytes(KEY));
        byte[] msg = new byte[10];
        byte[] out = new byte[26];
        assertThrows(NullPointerException.class, () -> XChaCha20Poly1305.create(null));
        assertThrows(NullPointerException.class, () -> aead.seal(null, msg, null));
        assertThrows(NullPointerException.class, () -> aead.seal(NONCE, null, null));
        assertThrows(NullPointerException.class, () -> aead.encrypt(null, null));
        assertThrows(NullPointerException.class, () -> aead.decrypt(null, null));
        assertThrows(IllegalArgumentException.class, () -> aead.seal(new byte[23], msg, null));
        assertThrows(IllegalArgumentException.class, () -> aead.seal(new byte[25], msg, null));
        assertThrows(IllegalArgumentException.class, () -> aead.open(NONCE, new byte[15], null));
        assertThrows(IllegalArgumentException.class, () -> aead.decrypt(new byte[39], null));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.seal(NONCE, msg, 5, 6, out, 0, null));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.seal(NONCE, msg, -1, 2, out, 0, null));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.seal(NONCE, msg, 0, 10, out, 1, null));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.sealDetached(NONCE, msg, 0, 10, new byte[9], 0,
                null));
        assertThrows(IndexOutOfBoundsException.class, () -> aead.open(NONCE, out, 0, 26, new byte[9], 0, null));
        assertThrows(IllegalArgumentException.class, () -> aead.openDetached(NONCE, msg, 0, 10, new byte[15], out, 0,
                null));
        assertThrows(NullPointerException.class, () -> aead.openDetached(NONCE, msg, 0, 10, null, out, 0, null));

        ByteBuffer in = ByteBuffer.wrap(msg);
        assertThrows(IllegalArgumentException.class, () -> aead.seal(NONCE, in, ByteBuffer.allocate(25), null));
        assertThrows(IllegalArgumentException.class, () -> aead.seal(NONCE, in, in, null));
        assertThrows(ReadOnlyBufferException.class,
                () -> aead.seal(NONCE, in, ByteBuffer.allocate(26).asReadOnlyBuffer(), null));
        assertThrows(ReadOnlyBufferException.class,
                () -> aead.sealDetached(NONCE, in, ByteBuffer.allocateDirect(10).asReadOnlyBuffer(), null));
        assertThrows(IllegalArgumentException.class, () -> aead.open(NONCE, ByteBuffer.allocate(15),
                ByteBuffer.allocate(10), null));
        assertThrows(IllegalArgumentException.class, () -> aead.openDetached(NONCE, in, new byte[16],
                ByteBuffer.allocate(9), null));
        assertThrows(NullPointerException.class, () -> aead.sealDetached(NONCE, null, ByteBuffer.allocate(9), null));
        assertEquals(10, in.remaining(), "failed calls leave the input alone");
    }

    @Test
    void keysAreImmutableAndNeverPrinted() {
        byte[] bytes = KEY.clone();
        XChaCha20Poly1305Key key = XChaCha20Poly1305Key.fromBytes(bytes);
        bytes[0] ^= 1;
        assertArrayEquals(KEY, key.toBytes(), "copied in");
        key.toBytes()[0] ^= 1;
        assertArrayEquals(KEY, key.toBytes(), "copied out");
        String hex = TestVectors.hex(KEY);
        for (String text : new String[] {key.toString(), XChaCha20Poly1305.create(key).toString()}) {
            assertFalse(text.contains(hex.substring(0, 8)), text);
            assertFalse(text.contains(Arrays.toString(KEY).substring(1, 12)), text);
        }
        assertThrows(IllegalArgumentException.class, () -> XChaCha20Poly1305Key.fromBytes(new byte[31]));
        assertThrows(NullPointerException.class, () -> XChaCha20Poly1305Key.fromBytes(null));
        assertNotEquals(TestVectors.hex(XChaCha20Poly1305Key.generate().toBytes()),
                TestVectors.hex(XChaCha20Poly1305Key.generate(new SecureRandom()).toBytes()));
        assertEquals(24, XChaCha20Poly1305.create(key).nonceLength());
        assertEquals(16, XChaCha20Poly1305.create(key).tagLength());
    }
}
