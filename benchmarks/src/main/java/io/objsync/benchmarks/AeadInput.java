package io.objsync.benchmarks;

/**
 * The XChaCha20-Poly1305 benchmarks' inputs, the same in every JVM and for every implementation: one key, one
 * nonce, no associated data, and a plaintext of the size measured. Reusing one nonce is fine here: nothing
 * sealed is ever kept.
 */
final class AeadInput {

    static final byte[] KEY = TestData.bytes("xchacha20poly1305 key", 32);
    static final byte[] NONCE = TestData.bytes("xchacha20poly1305 nonce", 24);

    private AeadInput() {
    }

    /** The plaintext of a size label ({@code 64B}, {@code 1MiB}). */
    static byte[] plaintext(String size) {
        return TestData.bytes(Sizes.parseArraySize(size));
    }
}
