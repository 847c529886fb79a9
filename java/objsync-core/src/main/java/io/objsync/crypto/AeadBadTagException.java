package io.objsync.crypto;

import java.security.GeneralSecurityException;

/**
 * An {@link Aead} open found that the ciphertext, tag, nonce, key or associated data do not belong together:
 * the data was corrupted or forged. No plaintext is released: the output range was overwritten with zeros and
 * buffer positions are unchanged.
 */
public final class AeadBadTagException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public AeadBadTagException(String message) {
        super(message);
    }
}
