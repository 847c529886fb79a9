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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** The Ed25519 API: keys, every message form, batches of every shape, arguments, redaction. */
class Ed25519Test {

    private static final byte[] SEED = random(32, 8);

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyMessageFormSignsAndVerifiesTheSame(Backend backend) {
        Ed25519Engine engine = Ed25519Engine.of(backend);
        Ed25519PrivateKey key = engine.fromSeed(SEED);
        Ed25519PublicKey pub = key.publicKey();
        for (int len : new int[] {0, 1, 63, 64, 65, 1000, 4096}) {
            byte[] msg = random(len, len);
            byte[] sig = engine.sign(key, msg, 0, len);
            byte[] padded = TestBuffers.concat(TestBuffers.concat(new byte[3], msg), new byte[2]);
            assertArrayEquals(sig, engine.sign(key, padded, 3, len), "len " + len);
            for (Function<byte[], ByteBuffer> kind : TestBuffers.inputs()) {
                ByteBuffer m = kind.apply(msg);
                assertArrayEquals(sig, engine.sign(key, m), "len " + len + " " + m);
                assertEquals(m.limit(), m.position(), "sign consumes the message");
                ByteBuffer v = kind.apply(msg);
                assertTrue(engine.verify(pub, v, sig), "len " + len + " " + v);
                assertEquals(v.limit(), v.position(), "verify consumes the message");
            }
            assertTrue(engine.verify(pub, padded, 3, len, sig));
            if (len > 0) {
                assertFalse(engine.verify(pub, padded, 2, len, sig), "a shifted window is another message");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void batchesReportExactlyTheFailures(Backend backend) {
        Ed25519Engine engine = Ed25519Engine.of(backend);
        Random rnd = new Random(10);
        for (int threads : new int[] {1, 3}) {
            Ed25519BatchVerifier batch = new Ed25519BatchVerifier(engine, threads);
            List<Integer> bad = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Ed25519PrivateKey key = engine.fromSeed(random(32, 100 + i));
                byte[] msg = random(rnd.nextInt(300), i);
                byte[] sig = engine.sign(key, msg, 0, msg.length);
                if (rnd.nextInt(10) == 0) {
                    sig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
                    bad.add(i);
                }
                // The message travels at an offset; the batch copies it, so reusing the array is safe.
                byte[] carrier = TestBuffers.concat(new byte[7], msg);
                batch.add(key.publicKey(), carrier, 7, msg.length, sig);
                Arrays.fill(carrier, (byte) 0);
            }
            Ed25519BatchVerifier.Result result = batch.verify();
            assertEquals(200, result.size());
            assertArrayEquals(bad.stream().mapToInt(Integer::intValue).toArray(), result.failedIndices());
            assertEquals(bad.isEmpty(), result.allValid());
            assertTrue(result.toString().contains("200 verified"), result.toString());
            assertEquals(200, batch.size(), "triples stay added");
            batch.clear();
            assertEquals(0, batch.size());
            assertTrue(batch.verify().allValid(), "an empty batch is valid");
        }
    }

    /**
     * Messages above the pinning bound, alone and in a batch among short ones, go through direct memory or
     * separate slices: no call hands a backend more than the bound of a heap array.
     */
    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void largeHeapMessagesStayWithinThePinningBound(Backend backend) {
        HeapLimitBackend probe = new HeapLimitBackend(backend);
        Ed25519Engine engine = Ed25519Engine.of(probe.backend);
        Ed25519PrivateKey key = engine.fromSeed(SEED);
        byte[] msg = random(Limits.MAX_CRITICAL_BYTES + 5, 9);
        byte[] sig = engine.sign(key, msg, 0, msg.length);
        assertArrayEquals(sig, Ed25519Engine.of(backend).sign(key, TestBuffers.direct(msg)));
        assertTrue(engine.verify(key.publicKey(), msg, 0, msg.length, sig));
        msg[msg.length - 1] ^= 1;
        assertFalse(engine.verify(key.publicKey(), msg, 0, msg.length, sig));

        Ed25519BatchVerifier batch = new Ed25519BatchVerifier(engine, 2);
        int[] lengths = {10, Limits.MAX_CRITICAL_BYTES / 2, Limits.MAX_CRITICAL_BYTES / 2 + 1, 20,
            Limits.MAX_CRITICAL_BYTES + 1, 0, 30};
        for (int i = 0; i < lengths.length; i++) {
            byte[] m = random(lengths[i], i);
            byte[] s = engine.sign(key, m, 0, m.length);
            if (i == 4 || i == 5) {
                s[0] ^= 1;
            }
            batch.add(key.publicKey(), m, s);
        }
        assertArrayEquals(new int[] {4, 5}, batch.verify().failedIndices());
        assertTrue(probe.largestHeapInput.get() <= Limits.MAX_CRITICAL_BYTES,
                probe.largestHeapInput.get() + " heap bytes in one call");
        assertTrue(probe.largestArray.get() <= Limits.MAX_CRITICAL_BYTES, probe.largestArray.get()
                + " bytes of one array in one call");
    }

    @Test
    void keysDeriveCopyCompareAndNeverPrintTheSeed() {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(SEED);
        assertArrayEquals(SEED, key.seed());
        key.seed()[0] ^= 1;
        assertArrayEquals(SEED, key.seed(), "seed() is a copy");
        Ed25519PublicKey pub = key.publicKey();
        assertEquals(pub, Ed25519PublicKey.fromBytes(pub.toBytes()));
        assertEquals(pub.hashCode(), Ed25519PublicKey.fromBytes(pub.toBytes()).hashCode());
        assertNotEquals(pub, Ed25519PrivateKey.generate().publicKey());
        assertNotEquals(pub, Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        assertEquals(pub.toHex(), TestVectors.hex(pub.toBytes()));
        assertTrue(pub.toString().contains(pub.toHex()));
        String text = key.toString();
        String seedHex = TestVectors.hex(SEED);
        for (int i = 0; i + 8 <= seedHex.length(); i += 8) {
            assertFalse(text.contains(seedHex.substring(i, i + 8)), text);
        }
        assertTrue(text.contains(pub.toHex()), "names its public key");

        byte[] msg = "hello".getBytes();
        byte[] sig = key.sign(msg);
        assertTrue(pub.verify(msg, sig));
        assertArrayEquals(sig, key.sign(msg, 0, msg.length));
        assertArrayEquals(sig, key.sign(ByteBuffer.wrap(msg)));
        assertTrue(pub.verify(msg, 0, msg.length, sig));
        assertTrue(pub.verify(ByteBuffer.wrap(msg), sig));
        assertTrue(Ed25519BatchVerifier.create().add(pub, msg, sig).verify().allValid());
    }

    @Test
    void argumentsAreCheckedBeforeAnyWork() {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(SEED);
        Ed25519PublicKey pub = key.publicKey();
        byte[] msg = new byte[5];
        byte[] sig = key.sign(msg);
        assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[33]));
        assertThrows(NullPointerException.class, () -> Ed25519PrivateKey.fromSeed(null));
        assertThrows(NullPointerException.class, () -> Ed25519PrivateKey.generate(null));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(new byte[31]));
        assertThrows(NullPointerException.class, () -> Ed25519PublicKey.fromBytes(null));
        assertThrows(NullPointerException.class, () -> key.sign((byte[]) null));
        assertThrows(NullPointerException.class, () -> key.sign((ByteBuffer) null));
        assertThrows(IndexOutOfBoundsException.class, () -> key.sign(msg, 3, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> key.sign(msg, -1, 1));
        assertThrows(NullPointerException.class, () -> pub.verify((byte[]) null, sig));
        assertThrows(NullPointerException.class, () -> pub.verify(msg, null));
        assertThrows(IllegalArgumentException.class, () -> pub.verify(msg, new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> pub.verify(msg, new byte[65]));
        assertThrows(IndexOutOfBoundsException.class, () -> pub.verify(msg, 4, 2, sig));
        Ed25519BatchVerifier batch = Ed25519BatchVerifier.create(2);
        assertThrows(IllegalArgumentException.class, () -> Ed25519BatchVerifier.create(0));
        assertThrows(NullPointerException.class, () -> batch.add(null, msg, sig));
        assertThrows(NullPointerException.class, () -> batch.add(pub, null, sig));
        assertThrows(NullPointerException.class, () -> batch.add(pub, msg, null));
        assertThrows(IllegalArgumentException.class, () -> batch.add(pub, msg, new byte[10]));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.add(pub, msg, 2, 4, sig));
        assertEquals(0, batch.size(), "rejected triples are not added");
        Ed25519BatchVerifier.Result result = batch.add(pub, msg, sig).verify();
        assertThrows(IndexOutOfBoundsException.class, () -> result.isValid(1));
        // A wrong-length signature read from the wire is an argument error, not a silent false.
        ByteBuffer m = ByteBuffer.wrap(msg);
        assertThrows(IllegalArgumentException.class, () -> pub.verify(m, new byte[0]));
        assertEquals(0, m.position(), "a rejected call leaves the message unread");
    }
}
