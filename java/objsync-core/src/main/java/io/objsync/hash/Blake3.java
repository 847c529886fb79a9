package io.objsync.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * BLAKE3 hashing: one-shot hashes, keyed hashes, key derivation and extendable output, plus
 * {@linkplain #newHasher() streaming hashers} and a {@linkplain #parallel(int) multi-threaded} variant.
 *
 * <p>All methods are thread-safe and run on the active backend (see {@link io.objsync.Backends}); every
 * backend gives identical results. One-shot methods use one thread; use {@link #parallel(int)} to spread large
 * inputs over several. Arguments are checked first: a null argument throws {@link NullPointerException}, a
 * range outside an array {@link IndexOutOfBoundsException}, a key that is not 32 bytes or a negative output
 * length {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * Hash h = Blake3.hash("hello".getBytes(StandardCharsets.UTF_8));
 * try (Blake3Hasher hasher = Blake3.newHasher()) {
 *     hasher.update(part1).update(part2);
 *     Hash same = hasher.finalizeHash();
 * }
 * }</pre>
 */
public final class Blake3 {

    /** Bytes in a key for {@link #keyedHash(byte[], byte[])} and {@link #newKeyedHasher(byte[])}. */
    public static final int KEY_LENGTH = 32;

    private Blake3() {
    }

    /** The hash of {@code input}. */
    public static Hash hash(byte[] input) {
        return Blake3Engine.active().hash(input);
    }

    /** The hash of {@code input[off, off+len)}. */
    public static Hash hash(byte[] input, int off, int len) {
        return Blake3Engine.active().hash(input, off, len);
    }

    /**
     * The hash of {@code input}'s remaining bytes (heap or direct buffer), which it consumes: the position
     * moves to the limit.
     */
    public static Hash hash(ByteBuffer input) {
        return Blake3Engine.active().hash(input);
    }

    /**
     * The hash of a file's contents. Large files are memory-mapped piece by piece, so files of any size work
     * without being copied into the heap. The file must not be truncated while it is hashed.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public static Hash hash(Path file) throws IOException {
        return Blake3Engine.active().hash(file);
    }

    /**
     * The first {@code outputLength} bytes of {@code input}'s extendable output; its first 32 bytes are
     * {@link #hash(byte[])}. For output from an offset, use {@link Blake3Hasher#finalizeXof(long, byte[], int, int)}.
     */
    public static byte[] xof(byte[] input, int outputLength) {
        return Blake3Engine.active().xof(input, outputLength);
    }

    /** The keyed hash (a MAC) of {@code input} under a 32-byte {@code key}. */
    public static Hash keyedHash(byte[] key, byte[] input) {
        return Blake3Engine.active().keyedHash(key, input);
    }

    /** The keyed hash of {@code input[off, off+len)} under a 32-byte {@code key}. */
    public static Hash keyedHash(byte[] key, byte[] input, int off, int len) {
        return Blake3Engine.active().keyedHash(key, input, off, len);
    }

    /** The keyed hash of {@code input}'s remaining bytes under a 32-byte {@code key}; consumes them. */
    public static Hash keyedHash(byte[] key, ByteBuffer input) {
        return Blake3Engine.active().keyedHash(key, input);
    }

    /**
     * BLAKE3's key derivation: {@code outputLength} bytes derived from {@code keyMaterial} for the application
     * context {@code context}, which should be a hard-coded, globally unique string such as
     * {@code "example.com 2025-01-01 session keys"}.
     */
    public static byte[] deriveKey(String context, byte[] keyMaterial, int outputLength) {
        return Blake3Engine.active().deriveKey(context, keyMaterial, outputLength);
    }

    /** A new streaming hasher for the plain hash. Close it when done. */
    public static Blake3Hasher newHasher() {
        return Blake3Engine.active().newHasher();
    }

    /** A new streaming hasher for the keyed hash under a 32-byte {@code key}. Close it when done. */
    public static Blake3Hasher newKeyedHasher(byte[] key) {
        return Blake3Engine.active().newKeyedHasher(key);
    }

    /**
     * A new streaming hasher that derives keys for {@code context} from the key material fed to it, as
     * {@link #deriveKey(String, byte[], int)} does. Close it when done.
     */
    public static Blake3Hasher newDeriveKeyHasher(String context) {
        return Blake3Engine.active().newDeriveKeyHasher(context);
    }

    /**
     * A hasher that splits large inputs along BLAKE3's tree into subtrees hashed on up to {@code threads}
     * threads (the caller plus helpers from a shared pool of daemon threads), with the same result as
     * {@link #hash(byte[])}. Inputs too small to split are hashed on the calling thread.
     *
     * @param threads at least 1; 1 hashes on the calling thread only
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public static Blake3Parallel parallel(int threads) {
        return Blake3Engine.active().parallel(threads);
    }
}
