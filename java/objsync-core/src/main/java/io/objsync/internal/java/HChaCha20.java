package io.objsync.internal.java;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha, section 2.2): a 32-byte key and a 16-byte input to a 32-byte subkey. It
 * derives XChaCha20's per-nonce key, and the key of X25519 boxes that hash the shared secret with a zero input
 * (libsodium's {@code crypto_box_curve25519xchacha20poly1305}, iroh's disco box).
 */
public final class HChaCha20 {

    /** Length of the key and of the subkey. */
    public static final int KEY_LENGTH = 32;
    /** Length of the input that is read. */
    public static final int INPUT_LENGTH = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private HChaCha20() {
    }

    /** The subkey of {@code key} (32 bytes) and {@code input[0, 16)}; longer inputs are read only that far. */
    public static byte[] subkey(byte[] key, byte[] input) {
        if (key.length != KEY_LENGTH || input.length < INPUT_LENGTH) {
            throw new IllegalArgumentException("HChaCha20 needs a 32-byte key and a 16-byte input, got "
                    + key.length + " and " + input.length);
        }
        int[] x = new int[16];
        x[0] = 0x61707865;
        x[1] = 0x3320646e;
        x[2] = 0x79622d32;
        x[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            x[4 + i] = (int) LE_INT.get(key, 4 * i);
        }
        for (int i = 0; i < 4; i++) {
            x[12 + i] = (int) LE_INT.get(input, 4 * i);
        }
        for (int round = 0; round < 10; round++) {
            quarter(x, 0, 4, 8, 12);
            quarter(x, 1, 5, 9, 13);
            quarter(x, 2, 6, 10, 14);
            quarter(x, 3, 7, 11, 15);
            quarter(x, 0, 5, 10, 15);
            quarter(x, 1, 6, 11, 12);
            quarter(x, 2, 7, 8, 13);
            quarter(x, 3, 4, 9, 14);
        }
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < 4; i++) {
            LE_INT.set(out, 4 * i, x[i]);
            LE_INT.set(out, 16 + 4 * i, x[12 + i]);
        }
        Arrays.fill(x, 0);
        return out;
    }

    private static void quarter(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }
}
