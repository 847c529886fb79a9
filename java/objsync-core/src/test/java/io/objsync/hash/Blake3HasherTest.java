package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The streaming hasher's life cycle: finalize without side effects, fork, reset, close and argument checks. */
class Blake3HasherTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void finalizingDoesNotEndTheStream(Backend backend) {
        Blake3Engine e = Blake3Engine.of(backend);
        try (Blake3Hasher h = e.newHasher()) {
            h.update(bytes("hello "));
            assertEquals(e.hash(bytes("hello ")), h.finalizeHash());
            h.update(bytes("world"));
            assertEquals(e.hash(bytes("hello world")), h.finalizeHash());
            assertArrayEquals(e.xof(bytes("hello world"), 100), h.finalizeXof(100));
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void forksAreIndependent(Backend backend) {
        Blake3Engine e = Blake3Engine.of(backend);
        byte[] key = new byte[32];
        key[0] = 9;
        try (Blake3Hasher h = e.newKeyedHasher(key).update(bytes("common "))) {
            Blake3Hasher f = h.fork();
            h.update(bytes("left"));
            f.update(bytes("right"));
            assertEquals(e.keyedHash(key, bytes("common left")), h.finalizeHash());
            assertEquals(e.keyedHash(key, bytes("common right")), f.finalizeHash());
            f.close();
            h.update(bytes("!"));
            assertEquals(e.keyedHash(key, bytes("common left!")), h.finalizeHash(), "closing a fork leaves the original");
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void resetKeepsTheDomain(Backend backend) {
        Blake3Engine e = Blake3Engine.of(backend);
        try (Blake3Hasher h = e.newDeriveKeyHasher("objsync test context")) {
            h.update(bytes("first material"));
            h.reset();
            h.update(bytes("material"));
            assertArrayEquals(e.deriveKey("objsync test context", bytes("material"), 32), h.finalizeHash().toBytes());
            assertNotEquals(e.hash(bytes("material")), h.finalizeHash());
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void closedHasherRefusesEverythingButClose(Backend backend) {
        Blake3Hasher h = Blake3Engine.of(backend).newHasher();
        h.close();
        h.close();
        assertThrows(IllegalStateException.class, () -> h.update(new byte[1]));
        assertThrows(IllegalStateException.class, () -> h.update(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, h::finalizeHash);
        assertThrows(IllegalStateException.class, () -> h.finalizeXof(0, new byte[4], 0, 4));
        assertThrows(IllegalStateException.class, h::reset);
        assertThrows(IllegalStateException.class, h::fork);
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void argumentErrors(Backend backend) {
        try (Blake3Hasher h = Blake3Engine.of(backend).newHasher()) {
            assertThrows(NullPointerException.class, () -> h.update((byte[]) null));
            assertThrows(NullPointerException.class, () -> h.update((ByteBuffer) null));
            assertThrows(NullPointerException.class, () -> h.update(null, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> h.update(new byte[4], 3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> h.update(new byte[4], -1, 1));
            assertThrows(NullPointerException.class, () -> h.finalizeXof(0, null, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> h.finalizeXof(0, new byte[4], 2, 3));
            assertThrows(IllegalArgumentException.class, () -> h.finalizeXof(-1, new byte[4], 0, 4));
            assertThrows(IllegalArgumentException.class, () -> h.finalizeXof(-1));
            // The failed calls changed nothing.
            assertEquals(Blake3Engine.of(backend).hash(new byte[0]), h.finalizeHash());
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void updateConsumesBuffers(Backend backend) {
        try (Blake3Hasher h = Blake3Engine.of(backend).newHasher()) {
            ByteBuffer heap = ByteBuffer.wrap(bytes("abcdef"), 1, 4);
            ByteBuffer direct = ByteBuffer.allocateDirect(3).put(bytes("xyz")).flip();
            h.update(heap).update(direct);
            assertEquals(5, heap.position());
            assertEquals(3, direct.position());
            assertEquals(Blake3Engine.of(backend).hash(bytes("bcdexyz")), h.finalizeHash());
        }
    }
}
