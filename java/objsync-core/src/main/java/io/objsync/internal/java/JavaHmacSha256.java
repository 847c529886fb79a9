package io.objsync.internal.java;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 through the JDK. */
final class JavaHmacSha256 {

    /**
     * HMAC pads keys with zeros to the 64-byte block, so an empty key means the same as 32 zero bytes; the JDK's
     * SecretKeySpec refuses empty keys, hence the substitute.
     */
    private static final byte[] EMPTY_KEY_EQUIVALENT = new byte[32];

    private JavaHmacSha256() {
    }

    static void mac(byte[] key, byte[] msg, int off, int len, byte[] out) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? EMPTY_KEY_EQUIVALENT : key, "HmacSHA256"));
            mac.update(msg, off, len);
            mac.doFinal(out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
