package io.objsync.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * Verifies many (public key, message, signature) triples at once and reports which ones failed. Each triple
 * gets exactly the verdict {@link Ed25519PublicKey#verify(byte[], byte[])} would give it; the batch is split
 * over several threads and crosses into native code once per slice, which is what makes it fast.
 *
 * <p>Messages and signatures are copied when added, so callers may reuse their arrays. Not thread-safe: fill
 * and verify from one thread (the verification itself runs in parallel).
 *
 * <pre>{@code
 * Ed25519BatchVerifier batch = Ed25519BatchVerifier.create();
 * for (Entry e : entries) {
 *     batch.add(e.author(), e.body(), e.signature());
 * }
 * Ed25519BatchVerifier.Result result = batch.verify();
 * if (!result.allValid()) {
 *     reject(result.failedIndices());
 * }
 * }</pre>
 */
public final class Ed25519BatchVerifier {

    private final Ed25519Engine engine;
    private final int threads;
    private int count;
    private byte[] keys = new byte[16 * Ed25519PublicKey.LENGTH];
    private byte[] signatures = new byte[16 * Ed25519PublicKey.SIGNATURE_LENGTH];
    private byte[] messages = new byte[256];
    private int[] offsets = new int[17];

    Ed25519BatchVerifier(Ed25519Engine engine, int threads) {
        this.engine = engine;
        this.threads = threads;
    }

    /** A verifier that uses every available processor. */
    public static Ed25519BatchVerifier create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A verifier that uses up to {@code threads} threads (the caller plus helpers from a shared pool).
     *
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public static Ed25519BatchVerifier create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new Ed25519BatchVerifier(Ed25519Engine.active(), threads);
    }

    /**
     * Adds a triple; its index in the {@link Result} is the number of triples added before it.
     *
     * @throws IllegalArgumentException when {@code signature} is not 64 bytes
     * @throws IllegalStateException    when the messages added so far would exceed 2 GiB
     */
    public Ed25519BatchVerifier add(Ed25519PublicKey key, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        return add(key, message, 0, message.length, signature);
    }

    /** Adds a triple whose message is {@code message[off, off+len)}. */
    public Ed25519BatchVerifier add(Ed25519PublicKey key, byte[] message, int off, int len, byte[] signature) {
        Objects.requireNonNull(key, "key");
        Args.range(message, off, len, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + Ed25519PublicKey.SIGNATURE_LENGTH
                    + " bytes, got " + signature.length);
        }
        int end = offsets[count];
        if (len > Integer.MAX_VALUE - 8 - end) {
            throw new IllegalStateException("a batch holds at most 2 GiB of messages; verify this one first");
        }
        if (count + 1 == offsets.length) {
            int cap = offsets.length * 2;
            offsets = Arrays.copyOf(offsets, cap);
            keys = Arrays.copyOf(keys, (cap - 1) * Ed25519PublicKey.LENGTH);
            signatures = Arrays.copyOf(signatures, (cap - 1) * Ed25519PublicKey.SIGNATURE_LENGTH);
        }
        if (end + len > messages.length) {
            messages = Arrays.copyOf(messages, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) end + len, 2L * messages.length)));
        }
        System.arraycopy(key.bytesRef(), 0, keys, count * Ed25519PublicKey.LENGTH, Ed25519PublicKey.LENGTH);
        System.arraycopy(signature, 0, signatures, count * Ed25519PublicKey.SIGNATURE_LENGTH,
                Ed25519PublicKey.SIGNATURE_LENGTH);
        System.arraycopy(message, off, messages, end, len);
        count++;
        offsets[count] = end + len;
        return this;
    }

    /** Triples added so far. */
    public int size() {
        return count;
    }

    /** Removes every triple, so the verifier can be reused. */
    public void clear() {
        count = 0;
    }

    /** Verifies every triple added so far (they stay added). */
    public Result verify() {
        boolean[] valid = new boolean[count];
        if (count > 0) {
            engine.verifyBatch(count, keys, signatures, messages, offsets, valid, threads);
        }
        return new Result(valid);
    }

    /** The verdict on each triple of a batch, by the order they were added. Immutable. */
    public static final class Result {
        private final boolean[] valid;
        private final int[] failed;

        Result(boolean[] valid) {
            this.valid = valid;
            int n = 0;
            for (boolean v : valid) {
                n += v ? 0 : 1;
            }
            failed = new int[n];
            n = 0;
            for (int i = 0; i < valid.length; i++) {
                if (!valid[i]) {
                    failed[n++] = i;
                }
            }
        }

        /** Triples verified. */
        public int size() {
            return valid.length;
        }

        /** Whether every triple is valid (true for an empty batch). */
        public boolean allValid() {
            return failed.length == 0;
        }

        /** Whether triple {@code index} is valid. */
        public boolean isValid(int index) {
            Objects.checkIndex(index, valid.length);
            return valid[index];
        }

        /** The indices of the invalid triples, ascending. */
        public int[] failedIndices() {
            return failed.clone();
        }

        @Override
        public String toString() {
            return "Ed25519BatchVerifier.Result[" + valid.length + " verified, failed " + Arrays.toString(failed)
                    + "]";
        }
    }
}
