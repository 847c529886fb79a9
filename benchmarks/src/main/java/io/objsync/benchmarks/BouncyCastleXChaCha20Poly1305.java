package io.objsync.benchmarks;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Pack;

import java.util.Arrays;

/**
 * XChaCha20-Poly1305 assembled from BouncyCastle's parts, as a BouncyCastle user would have to (BouncyCastle has
 * no XChaCha AEAD): HChaCha20 of the key and the nonce's first 16 bytes with BouncyCastle's ChaCha core gives a
 * subkey, then BouncyCastle's RFC 8439 {@link ChaCha20Poly1305} runs under that subkey with the nonce
 * {@code 0x00000000 || nonce[16..24)}. Every operation derives the subkey and makes a new cipher object, as
 * each message has its own nonce (BouncyCastle refuses to seal twice under one key and nonce, which a benchmark
 * repeating one input would otherwise do). No associated data.
 */
final class BouncyCastleXChaCha20Poly1305 {

    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574}; // "expand 32-byte k"
    private static final int TAG_LENGTH = 16;

    private final int[] keyWords = new int[8];

    BouncyCastleXChaCha20Poly1305(byte[] key) {
        Pack.littleEndianToInt(key, 0, keyWords);
    }

    /** {@code ciphertext || tag}. */
    byte[] seal(byte[] nonce, byte[] plaintext) {
        ChaCha20Poly1305 cipher = init(true, nonce);
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("sealing cannot fail", e);
        }
        return out;
    }

    /** The plaintext of {@code ciphertext || tag}, or an exception when the tag does not match. */
    byte[] open(byte[] nonce, byte[] sealed) throws InvalidCipherTextException {
        ChaCha20Poly1305 cipher = init(false, nonce);
        byte[] out = new byte[sealed.length - TAG_LENGTH];
        int n = cipher.processBytes(sealed, 0, sealed.length, out, 0);
        cipher.doFinal(out, n);
        return out;
    }

    private ChaCha20Poly1305 init(boolean forSealing, byte[] nonce) {
        byte[] subNonce = new byte[12];
        System.arraycopy(nonce, 16, subNonce, 4, 8);
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        cipher.init(forSealing, new ParametersWithIV(new KeyParameter(hChaCha20(nonce)), subNonce));
        return cipher;
    }

    /**
     * HChaCha20: the ChaCha20 state after its 20 rounds, words 0-3 and 12-15, without the final addition of the
     * input. BouncyCastle's core adds the input back, so it is subtracted here.
     */
    private byte[] hChaCha20(byte[] nonce) {
        int[] in = new int[16];
        System.arraycopy(SIGMA, 0, in, 0, 4);
        System.arraycopy(keyWords, 0, in, 4, 8);
        Pack.littleEndianToInt(nonce, 0, in, 12, 4);
        int[] x = new int[16];
        ChaChaEngine.chachaCore(20, in, x);
        int[] sub = new int[8];
        for (int i = 0; i < 4; i++) {
            sub[i] = x[i] - in[i];
            sub[4 + i] = x[12 + i] - in[12 + i];
        }
        byte[] out = Pack.intToLittleEndian(sub);
        Arrays.fill(sub, 0);
        return out;
    }
}
