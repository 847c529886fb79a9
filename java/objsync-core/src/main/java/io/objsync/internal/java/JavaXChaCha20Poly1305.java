package io.objsync.internal.java;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * XChaCha20-Poly1305 (IETF, as libsodium's {@code crypto_aead_xchacha20poly1305_ietf}): HChaCha20 of the key
 * and the nonce's first 16 bytes gives a subkey, which encrypts with the JDK's ChaCha20-Poly1305 under the
 * nonce {@code 00000000 || nonce[16..24)}.
 *
 * <p>The JDK cipher is only handed heap arrays: direct and read-only buffers pass through a heap scratch array
 * piece by piece, because the JDK 17 cipher's ByteBuffer paths have had aliasing bugs. A fresh cipher serves
 * each call, since the JDK refuses to re-initialise one for encryption with the key and nonce of its previous
 * use. Callers guarantee that input and output are either the same memory or do not overlap.
 */
final class JavaXChaCha20Poly1305 {

    /** Direct or read-only data moves through the heap this much at a time. */
    private static final int SCRATCH = 16 * 1024;
    private static final int TAG = 16;

    private JavaXChaCha20Poly1305() {
    }

    static void seal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut) {
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, ad);
            int written = update(c, in, out);
            byte[] tag = c.doFinal();
            if (written != in.remaining() || tag.length != TAG) {
                throw new IllegalStateException("the JDK's ChaCha20-Poly1305 wrote " + written + " bytes and a "
                        + tag.length + "-byte tag for " + in.remaining() + " bytes");
            }
            System.arraycopy(tag, 0, tagOut, 0, TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ChaCha20-Poly1305 failed", e);
        }
    }

    static boolean open(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out) {
        int len = in.remaining();
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, ad);
            // The JDK buffers the ciphertext and releases plaintext only once the tag has verified.
            int written = update(c, in, out);
            if (out.hasArray()) {
                written += c.doFinal(tag, 0, TAG, out.array(), out.arrayOffset() + out.position() + written);
            } else {
                byte[] rest = c.doFinal(tag);
                out.put(out.position() + written, rest);
                written += rest.length;
            }
            if (written != len) {
                throw new IllegalStateException("the JDK's ChaCha20-Poly1305 wrote " + written + " bytes for " + len);
            }
            return true;
        } catch (AEADBadTagException e) {
            zero(out, len);
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ChaCha20-Poly1305 failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, ByteBuffer ad) throws GeneralSecurityException {
        byte[] subkey = HChaCha20.subkey(key, nonce);
        byte[] iv = new byte[12];
        System.arraycopy(nonce, 16, iv, 4, 8);
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(subkey, "ChaCha20"), new IvParameterSpec(iv));
        Arrays.fill(subkey, (byte) 0);
        if (ad.hasArray()) {
            c.updateAAD(ad.array(), ad.arrayOffset() + ad.position(), ad.remaining());
        } else if (ad.hasRemaining()) {
            byte[] copy = new byte[ad.remaining()];
            ad.get(ad.position(), copy);
            c.updateAAD(copy);
        }
        return c;
    }

    /** Feeds {@code in}'s remaining bytes to the cipher; writes its output into {@code out} from its position. */
    private static int update(Cipher c, ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        int len = in.remaining();
        if (in.hasArray() && out.hasArray()) {
            return c.update(in.array(), in.arrayOffset() + in.position(), len, out.array(),
                    out.arrayOffset() + out.position());
        }
        byte[] scratch = new byte[Math.min(SCRATCH, Math.max(len, 1)) + TAG];
        int written = 0;
        for (int done = 0; done < len; ) {
            int n = Math.min(SCRATCH, len - done);
            in.get(in.position() + done, scratch, 0, n);
            // In place, the output may land on input already read; the cipher output never runs ahead of it.
            int produced = c.update(scratch, 0, n, scratch, 0);
            out.put(out.position() + written, scratch, 0, produced);
            written += produced;
            done += n;
        }
        return written;
    }

    private static void zero(ByteBuffer out, int len) {
        if (out.hasArray()) {
            int from = out.arrayOffset() + out.position();
            Arrays.fill(out.array(), from, from + len, (byte) 0);
            return;
        }
        byte[] zeros = new byte[Math.min(len, SCRATCH)];
        for (int done = 0; done < len; done += zeros.length) {
            out.put(out.position() + done, zeros, 0, Math.min(zeros.length, len - done));
        }
    }
}
