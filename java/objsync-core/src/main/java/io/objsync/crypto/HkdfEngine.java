package io.objsync.crypto;

import io.objsync.internal.BackendRegistry;
import io.objsync.internal.Limits;
import io.objsync.spi.Backend;

import java.util.Arrays;
import java.util.Objects;

/** HKDF-SHA256 bound to one backend's HMAC-SHA256: what {@link Hkdf} runs, and what tests run on each backend. */
final class HkdfEngine {

    static final int HASH_LENGTH = 32;
    static final int MAX_OUTPUT = 255 * HASH_LENGTH;

    private final Backend backend;

    private HkdfEngine(Backend backend) {
        this.backend = backend;
    }

    /** The engine on {@code backend}: the active one for {@link Hkdf}, each one in turn for tests. */
    static HkdfEngine of(Backend backend) {
        return new HkdfEngine(Objects.requireNonNull(backend, "backend"));
    }

    byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
        // An absent salt is HashLen zero bytes (RFC 5869 2.2); HMAC pads an empty key to the same thing.
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        byte[] prk = new byte[HASH_LENGTH];
        hmac(key, inputKeyMaterial, 0, inputKeyMaterial.length, prk);
        return prk;
    }

    byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        if (prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("prk must be at least " + HASH_LENGTH + " bytes, got " + prk.length);
        }
        checkLength(length);
        byte[] inf = info == null ? new byte[0] : info;
        // Block i is HMAC(prk, T(i-1) || info || i): one buffer holds T(i-1), info and the counter.
        byte[] block = new byte[HASH_LENGTH + inf.length + 1];
        System.arraycopy(inf, 0, block, HASH_LENGTH, inf.length);
        byte[] out = new byte[length];
        byte[] t = new byte[HASH_LENGTH];
        for (int i = 1, done = 0; done < length; i++) {
            block[block.length - 1] = (byte) i;
            int from = i == 1 ? HASH_LENGTH : 0; // T(0) is empty
            hmac(prk, block, from, block.length - from, t);
            int n = Math.min(HASH_LENGTH, length - done);
            System.arraycopy(t, 0, out, done, n);
            System.arraycopy(t, 0, block, 0, HASH_LENGTH);
            done += n;
        }
        Arrays.fill(t, (byte) 0);
        Arrays.fill(block, 0, HASH_LENGTH, (byte) 0);
        return out;
    }

    byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        checkLength(length);
        byte[] prk = extract(salt, inputKeyMaterial);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static void checkLength(int length) {
        if (length < 0 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF-SHA256 output must be 0.." + MAX_OUTPUT + " bytes, got "
                    + length);
        }
    }

    /**
     * HMAC through the backend, except for inputs longer than a native backend may pin: those go through the
     * pure-Java backend, whose result is the same.
     */
    private void hmac(byte[] key, byte[] msg, int off, int len, byte[] out) {
        Backend b = (long) key.length + len > Limits.MAX_CRITICAL_BYTES
                ? BackendRegistry.get().require("java") : backend;
        b.hmacSha256(key, msg, off, len, out);
    }
}
