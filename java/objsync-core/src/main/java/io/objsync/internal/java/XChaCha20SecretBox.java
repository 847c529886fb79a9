package io.objsync.internal.java;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * NaCl's secretbox over XChaCha20 (libsodium's {@code crypto_secretbox_xchacha20poly1305}, RustCrypto's
 * {@code crypto_secretbox} with ChaCha20, which iroh's disco box uses): the HChaCha20 subkey of the key and
 * {@code nonce[0, 16)} drives ChaCha20 under {@code nonce[16, 24)}; the first 32 keystream bytes are the Poly1305
 * key, the rest encrypt the message, and the tag is Poly1305 of the bare ciphertext, written before it
 * ({@code tag || ciphertext}). Unlike the IETF AEAD of the same name there is no associated data and no length
 * block, so the two do not interoperate.
 */
public final class XChaCha20SecretBox {

    /** Length of the key. */
    public static final int KEY_LENGTH = 32;
    /** Length of the nonce. */
    public static final int NONCE_LENGTH = 24;
    /** Bytes a box adds to its message. */
    public static final int TAG_LENGTH = Poly1305.TAG_LENGTH;

    private XChaCha20SecretBox() {
    }

    /** {@code tag || ciphertext} of {@code message}. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        byte[] stream = keystream(key, nonce, message.length);
        byte[] out = new byte[TAG_LENGTH + message.length];
        for (int i = 0; i < message.length; i++) {
            out[TAG_LENGTH + i] = (byte) (message[i] ^ stream[32 + i]);
        }
        byte[] tag = Poly1305.tag(Arrays.copyOf(stream, 32), out, TAG_LENGTH, message.length);
        System.arraycopy(tag, 0, out, 0, TAG_LENGTH);
        Arrays.fill(stream, (byte) 0);
        return out;
    }

    /**
     * The message in {@code box[off, off + len)} ({@code tag || ciphertext}), or null when the tag does not
     * verify (checked in constant time before anything is decrypted).
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] box, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, box.length);
        if (len < TAG_LENGTH) {
            return null;
        }
        int n = len - TAG_LENGTH;
        byte[] stream = keystream(key, nonce, n);
        byte[] expected = Poly1305.tag(Arrays.copyOf(stream, 32), box, off + TAG_LENGTH, n);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(box, off, off + TAG_LENGTH))) {
            Arrays.fill(stream, (byte) 0);
            return null;
        }
        byte[] message = new byte[n];
        for (int i = 0; i < n; i++) {
            message[i] = (byte) (box[off + TAG_LENGTH + i] ^ stream[32 + i]);
        }
        Arrays.fill(stream, (byte) 0);
        return message;
    }

    /** 32 + {@code n} bytes of XChaCha20 keystream from block 0. */
    private static byte[] keystream(byte[] key, byte[] nonce, int n) {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce, got "
                    + key.length + " and " + nonce.length);
        }
        byte[] subkey = HChaCha20.subkey(key, nonce);
        byte[] iv = new byte[12]; // 64-bit counter variant = IETF with four zero bytes before the 8-byte nonce
        System.arraycopy(nonce, 16, iv, 4, 8);
        try {
            Cipher c = Cipher.getInstance("ChaCha20");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(subkey, "ChaCha20"), new ChaCha20ParameterSpec(iv, 0));
            return c.doFinal(new byte[32 + n]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ChaCha20", e);
        } finally {
            Arrays.fill(subkey, (byte) 0);
        }
    }
}
