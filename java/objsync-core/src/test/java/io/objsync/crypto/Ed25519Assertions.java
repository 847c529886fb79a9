package io.objsync.crypto;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

/** Shared assertions of the Ed25519 tests. */
final class Ed25519Assertions {

    private Ed25519Assertions() {
    }

    /** A signature of the wrong length is an argument error on every verify path. */
    static void assertRejectsLength(Ed25519Engine engine, Ed25519PublicKey key, byte[] msg, byte[] sig) {
        assertThrows(IllegalArgumentException.class, () -> engine.verify(key, msg, 0, msg.length, sig));
        assertThrows(IllegalArgumentException.class, () -> engine.verify(key, ByteBuffer.wrap(msg), sig));
        assertThrows(IllegalArgumentException.class,
                () -> new Ed25519BatchVerifier(engine, 1).add(key, msg, sig));
    }
}
