package io.objsync.docs.internal;

import io.objsync.internal.BackendRegistry;
import io.objsync.internal.Workers;
import io.objsync.spi.Backend;

import java.nio.ByteBuffer;

/**
 * The Ed25519 operations documents need, run by the active objsync backend. Verification of many signatures
 * goes through the backend's batch call, spread over the cores in slices.
 */
public final class Ed25519 {
    /** Bytes of a public key and of a seed. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a signature. */
    public static final int SIGNATURE_BYTES = 64;
    /** Signatures checked per backend call: large enough to amortise the call, small enough to balance cores. */
    private static final int SLICE = 256;

    private Ed25519() {
    }

    /** The public key of a 32-byte seed. */
    public static byte[] publicKey(byte[] seed) {
        byte[] out = new byte[KEY_BYTES];
        BackendRegistry.active().ed25519PublicKey(seed, out);
        return out;
    }

    /** Signs {@code msg} with the seed whose public key is {@code publicKey}. */
    public static byte[] sign(byte[] seed, byte[] publicKey, byte[] msg) {
        byte[] sig = new byte[SIGNATURE_BYTES];
        BackendRegistry.active().ed25519Sign(seed, publicKey, ByteBuffer.wrap(msg), sig);
        return sig;
    }

    /** One verification with libsodium's strict rules. */
    public static boolean verify(byte[] publicKey, byte[] msg, byte[] signature) {
        return BackendRegistry.active().ed25519Verify(publicKey, ByteBuffer.wrap(msg), signature);
    }

    /**
     * Verifies {@code count} triples laid out as {@link Backend#ed25519VerifyBatch} describes, in slices on up to
     * {@code threads} threads; {@code results[i]} becomes 1 when triple {@code i} is valid.
     */
    public static void verifyAll(int count, byte[] publicKeys, byte[] signatures, byte[] messages,
                                 int[] msgOffsets, byte[] results, int threads) {
        Backend backend = BackendRegistry.active();
        int slices = (count + SLICE - 1) / SLICE;
        Workers.run(slices, Math.max(1, threads), s -> {
            int from = s * SLICE;
            int n = Math.min(SLICE, count - from);
            byte[] keys = new byte[n * KEY_BYTES];
            byte[] sigs = new byte[n * SIGNATURE_BYTES];
            System.arraycopy(publicKeys, from * KEY_BYTES, keys, 0, keys.length);
            System.arraycopy(signatures, from * SIGNATURE_BYTES, sigs, 0, sigs.length);
            int base = msgOffsets[from];
            int[] offsets = new int[n + 1];
            for (int i = 0; i <= n; i++) {
                offsets[i] = msgOffsets[from + i] - base;
            }
            byte[] msgs = new byte[offsets[n]];
            System.arraycopy(messages, base, msgs, 0, msgs.length);
            byte[] out = new byte[n];
            backend.ed25519VerifyBatch(n, keys, sigs, msgs, offsets, out);
            System.arraycopy(out, 0, results, from, n);
        });
    }
}
