package io.objsync.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The mapping of an empty file is a direct buffer whose address is 0: a native backend then hands the C core a
 * NULL pointer with length 0. Every ByteBuffer entry point must take it like any empty buffer and agree with
 * the pure-Java backend. (memcpy/memset on NULL is undefined even for 0 bytes: ci/sanitize.sh's UBSan run of
 * this class is what catches a native path that does it.)
 */
class EmptyMappedBufferTest {

    private static final Backend REFERENCE = BackendsUnderTest.java();
    private static final byte[] KEY = new byte[32];
    private static final byte[] NONCE = new byte[24];
    private static final byte[] SEED = new byte[32];

    private static Path file;
    private static FileChannel channel;

    @BeforeAll
    static void mapEmptyFile() throws IOException {
        file = Files.createTempFile("objsync-empty-", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @AfterAll
    static void close() throws IOException {
        channel.close();
        Files.delete(file);
    }

    /** A fresh empty mapping (read-write, so it can also be an output). */
    private static ByteBuffer empty() throws IOException {
        ByteBuffer b = channel.map(FileChannel.MapMode.READ_WRITE, 0, 0);
        assertTrue(b.isDirect());
        assertEquals(0, b.remaining());
        return b;
    }

    private static byte[] hash(Backend b, ByteBuffer in) {
        byte[] out = new byte[32];
        b.blake3(null, 0, in, out, 0, out.length);
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void blake3TakesTheEmptyMapping(Backend backend) throws IOException {
        byte[] expected = hash(REFERENCE, ByteBuffer.allocate(0));
        assertArrayEquals(expected, hash(backend, empty()), backend.name() + " hash");
        byte[] cv = new byte[32];
        backend.blake3SubtreeCv(null, 0, empty(), 0, true, cv);
        assertArrayEquals(expected, cv, backend.name() + " subtree CV");
        try (Blake3State state = backend.newBlake3(null, 0)) {
            state.update(empty());
            byte[] out = new byte[32];
            state.finalizeXof(0, out, 0, out.length);
            assertArrayEquals(expected, out, backend.name() + " streaming");
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void baoTakesTheEmptyMapping(Backend backend) throws IOException {
        byte[] expected = hash(REFERENCE, ByteBuffer.allocate(0));
        byte[] cv = new byte[32];
        backend.baoOutboard(empty(), 0, 0, true, empty(), cv);
        assertArrayEquals(expected, cv, backend.name() + " outboard root");
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aeadTakesTheEmptyMapping(Backend backend) throws IOException {
        byte[] expectedTag = new byte[16];
        REFERENCE.xchachaSeal(KEY, NONCE, ByteBuffer.allocate(0), ByteBuffer.allocate(0), ByteBuffer.allocate(0),
                expectedTag);
        byte[] tag = new byte[16];
        backend.xchachaSeal(KEY, NONCE, empty(), empty(), empty(), tag);
        assertArrayEquals(expectedTag, tag, backend.name() + " seal");
        assertTrue(backend.xchachaOpen(KEY, NONCE, empty(), empty(), tag, empty()), backend.name() + " open");
        tag[0] ^= 1;
        assertFalse(backend.xchachaOpen(KEY, NONCE, empty(), empty(), tag, empty()), backend.name() + " forged");
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void ed25519TakesTheEmptyMapping(Backend backend) throws IOException {
        byte[] pk = new byte[32];
        REFERENCE.ed25519PublicKey(SEED, pk);
        byte[] expected = new byte[64];
        REFERENCE.ed25519Sign(SEED, pk, ByteBuffer.allocate(0), expected);
        byte[] sig = new byte[64];
        backend.ed25519Sign(SEED, pk, empty(), sig);
        assertArrayEquals(expected, sig, backend.name() + " sign");
        assertTrue(backend.ed25519Verify(pk, empty(), sig), backend.name() + " verify");
    }
}
