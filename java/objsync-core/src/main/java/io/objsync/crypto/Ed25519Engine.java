package io.objsync.crypto;

import io.objsync.internal.BackendRegistry;
import io.objsync.internal.Limits;
import io.objsync.internal.Workers;
import io.objsync.spi.Backend;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Ed25519 bound to one backend: what the public key classes run on the active backend, and what tests run on
 * each backend. Keys arrive validated (their classes check lengths); this class checks messages and
 * signatures, and never hands a backend more than {@link Limits#MAX_CRITICAL_BYTES} of a heap array at once.
 */
final class Ed25519Engine {

    /** Bytes in a seed, a public key, a signature. */
    static final int SEED_LENGTH = 32;
    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    /** A batch is cut into slices of at least this many signatures, so each thread's share is worth a hand-off. */
    static final int MIN_SLICE = 16;

    private static final class Active {
        static final Ed25519Engine INSTANCE = new Ed25519Engine(BackendRegistry.active());
    }

    private final Backend backend;

    private Ed25519Engine(Backend backend) {
        this.backend = backend;
    }

    static Ed25519Engine active() {
        return Active.INSTANCE;
    }

    /** The engine on {@code backend} (for tests). */
    static Ed25519Engine of(Backend backend) {
        return new Ed25519Engine(Objects.requireNonNull(backend, "backend"));
    }

    Ed25519PrivateKey fromSeed(byte[] seed) {
        byte[] s = Args.exact(seed, SEED_LENGTH, "seed");
        byte[] pk = new byte[PUBLIC_KEY_LENGTH];
        backend.ed25519PublicKey(s, pk);
        return new Ed25519PrivateKey(s, new Ed25519PublicKey(pk));
    }

    byte[] sign(Ed25519PrivateKey key, byte[] message, int off, int len) {
        Objects.requireNonNull(key, "key");
        Args.range(message, off, len, "message");
        return sign(key, ByteBuffer.wrap(message, off, len));
    }

    /** Signs {@code message}'s remaining bytes and consumes them. */
    byte[] sign(Ed25519PrivateKey key, ByteBuffer message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        byte[] sig = new byte[SIGNATURE_LENGTH];
        backend.ed25519Sign(key.seedRef(), key.publicKey().bytesRef(), Args.bounded(message), sig);
        message.position(message.limit());
        return sig;
    }

    boolean verify(Ed25519PublicKey key, byte[] message, int off, int len, byte[] signature) {
        Objects.requireNonNull(key, "key");
        Args.range(message, off, len, "message");
        return verify(key, ByteBuffer.wrap(message, off, len), signature);
    }

    /** Verifies {@code message}'s remaining bytes and consumes them. */
    boolean verify(Ed25519PublicKey key, ByteBuffer message, byte[] signature) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        byte[] sig = Args.exact(signature, SIGNATURE_LENGTH, "signature");
        boolean ok = backend.ed25519Verify(key.bytesRef(), Args.bounded(message), sig);
        message.position(message.limit());
        return ok;
    }

    /**
     * Verifies {@code count} triples (keys 32 bytes each, signatures 64 bytes each, messages concatenated with
     * {@code count + 1} offsets) into {@code results}: slices of consecutive triples run on up to
     * {@code threads} threads, each slice one backend call whose messages span at most
     * {@link Limits#MAX_CRITICAL_BYTES}; a longer message is verified on its own through direct memory.
     */
    void verifyBatch(int count, byte[] keys, byte[] signatures, byte[] messages, int[] offsets, boolean[] results,
                     int threads) {
        int target = Math.max(MIN_SLICE, (count + 4 * threads - 1) / (4 * threads));
        int[] starts = new int[count + 1];
        int slices = 0;
        int i = 0;
        while (i < count) {
            starts[slices++] = i;
            int end = i + 1;
            while (end < count && end - i < target
                    && offsets[end + 1] - offsets[i] <= Limits.MAX_CRITICAL_BYTES) {
                end++;
            }
            i = end;
        }
        starts[slices] = count;
        Workers.run(slices, Math.max(1, threads), s -> verifySlice(starts[s], starts[s + 1], keys, signatures,
                messages, offsets, results));
    }

    private void verifySlice(int from, int to, byte[] keys, byte[] signatures, byte[] messages, int[] offsets,
                             boolean[] results) {
        int n = to - from;
        int msgStart = offsets[from];
        int msgLen = offsets[to] - msgStart;
        if (msgLen > Limits.MAX_CRITICAL_BYTES) {
            // A single long message (slices only exceed the bound with one triple).
            byte[] pk = new byte[PUBLIC_KEY_LENGTH];
            byte[] sig = new byte[SIGNATURE_LENGTH];
            System.arraycopy(keys, PUBLIC_KEY_LENGTH * from, pk, 0, pk.length);
            System.arraycopy(signatures, SIGNATURE_LENGTH * from, sig, 0, sig.length);
            results[from] = backend.ed25519Verify(pk, Args.bounded(ByteBuffer.wrap(messages, msgStart, msgLen)),
                    sig);
            return;
        }
        byte[] k = new byte[PUBLIC_KEY_LENGTH * n];
        byte[] s = new byte[SIGNATURE_LENGTH * n];
        byte[] m = new byte[msgLen];
        int[] o = new int[n + 1];
        System.arraycopy(keys, PUBLIC_KEY_LENGTH * from, k, 0, k.length);
        System.arraycopy(signatures, SIGNATURE_LENGTH * from, s, 0, s.length);
        System.arraycopy(messages, msgStart, m, 0, msgLen);
        for (int j = 0; j <= n; j++) {
            o[j] = offsets[from + j] - msgStart;
        }
        byte[] r = new byte[n];
        backend.ed25519VerifyBatch(n, k, s, m, o, r);
        for (int j = 0; j < n; j++) {
            results[from + j] = r[j] == 1;
        }
    }
}
