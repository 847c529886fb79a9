package io.objsync.spi;

import java.nio.ByteBuffer;

/**
 * The operations a backend provides: the internal SPI behind every public primitive.
 *
 * <p>Not for application use: the public API validates every argument (nulls, bounds, sizes) before it
 * calls a backend, so implementations may assume valid input. Buffers are read and written between their
 * position and limit; implementations never move a buffer's position or limit. Heap and direct buffers
 * are both accepted. Implementations are thread-safe; {@link Blake3State} objects are not.
 */
public interface Backend {

    /** The backend's short name: {@code java}, {@code jni} or {@code ffm}. */
    String name();

    // ---- BLAKE3 -----------------------------------------------------------------------------------

    /**
     * A new streaming BLAKE3 state.
     *
     * @param key   32-byte key words (little-endian), or {@code null} for the standard IV
     * @param flags base domain flags: 0, {@link Blake3Flags#KEYED_HASH},
     *              {@link Blake3Flags#DERIVE_KEY_CONTEXT} or {@link Blake3Flags#DERIVE_KEY_MATERIAL}
     */
    Blake3State newBlake3(byte[] key, int flags);

    /** One-shot hash of {@code in[off, off+len)}: writes {@code outLen} bytes of output from position 0. */
    void blake3(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen);

    /** One-shot hash of {@code in}'s remaining bytes (heap or direct). */
    void blake3(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen);

    /**
     * The 32-byte chaining value of the BLAKE3 subtree made of {@code in}'s remaining bytes, whose first chunk
     * has index {@code chunkCounter}. With {@code root} the node is finalized as the root (the hash of the
     * whole input, which must then start at chunk 0). {@code in} holds at least one byte unless it is the root.
     */
    void blake3SubtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut);

    /**
     * The pre-order BAO outboard (parent pairs of every node above chunk-group level) of the subtree made of
     * {@code in}'s remaining bytes, starting at chunk {@code chunkCounter}, for groups of
     * {@code 2^blockLog} chunks. Writes exactly the outboard's size into {@code outboard} and the subtree's
     * chaining value (the root hash when {@code root}) into {@code cvOut}.
     */
    void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                     byte[] cvOut);

    /** The most chunks one {@link #baoVerify} call covers (native code keeps its work arrays on the stack). */
    int BAO_VERIFY_MAX_CHUNKS = 256;

    /**
     * Verifies {@code stream}'s remaining bytes: the combined pre-order BAO stream (parent pairs interleaved with
     * chunk groups) of a complete subtree of a power-of-two number, at least two, of full groups of
     * {@code 2^blockLog} chunks, at most {@link #BAO_VERIFY_MAX_CHUNKS} chunks, whose first chunk has index
     * {@code chunkCounter}. True when every pair and group hashes to the chaining value its parent's pair gives
     * it, the top pair to {@code expectedCv} (finalized as the root when {@code root}). Lets a decoder check many
     * groups in one call; which node failed is for the caller to find.
     */
    boolean baoVerify(ByteBuffer stream, long chunkCounter, int blockLog, boolean root, byte[] expectedCv);

    // ---- XChaCha20-Poly1305 (IETF) ----------------------------------------------------------------

    /**
     * Encrypts {@code in} into {@code out} (same length; may be the same memory) and writes the 16-byte tag.
     */
    void xchachaSeal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut);

    /**
     * Checks the tag and decrypts {@code in} into {@code out} (same length; may be the same memory).
     *
     * @return false, with {@code out} left zeroed, when the tag does not verify
     */
    boolean xchachaOpen(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out);

    // ---- Ed25519 ----------------------------------------------------------------------------------

    /** The 32-byte public key of a 32-byte seed. */
    void ed25519PublicKey(byte[] seed, byte[] publicKeyOut);

    /** RFC 8032 signature of {@code msg}'s remaining bytes. */
    void ed25519Sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] signatureOut);

    /** Verification with libsodium's rules (canonical S, R and A; small-order R and A rejected). */
    boolean ed25519Verify(byte[] publicKey, ByteBuffer msg, byte[] signature);

    /**
     * Verifies {@code count} triples in one call: key {@code i} is {@code publicKeys[32i, 32i+32)}, signature
     * {@code i} is {@code signatures[64i, 64i+64)}, message {@code i} is
     * {@code messages[msgOffsets[i], msgOffsets[i+1])}. Sets {@code results[i]} to 1 when valid, else 0.
     */
    void ed25519VerifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages, int[] msgOffsets,
                            byte[] results);

    // ---- HMAC-SHA256 (for HKDF) -------------------------------------------------------------------

    /** HMAC-SHA256 of {@code msg[off, off+len)} under {@code key}, 32 bytes into {@code out}. */
    void hmacSha256(byte[] key, byte[] msg, int off, int len, byte[] out);
}
