package io.objsync.vault;

import io.objsync.crypto.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Step 1 of the vault access pattern: an app draws a fresh challenge, the keyring signs it with the identity
 * key ({@link Keyring#answer}), and the app checks the answer against the identity's public key. The signed
 * bytes carry a fixed domain prefix, so the keyring can never be made to sign a document entry or any other
 * message through this path.
 */
public final class AccessChallenge {
    /** The prefix of every signed challenge. */
    static final byte[] DOMAIN = "OBJECTS-vault-access-challenge-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Random bytes in a challenge. */
    public static final int NONCE_LENGTH = 32;

    private final byte[] nonce;

    private AccessChallenge(byte[] nonce) {
        this.nonce = nonce;
    }

    /** A new challenge with 32 bytes from a {@link SecureRandom}. */
    public static AccessChallenge random() {
        byte[] nonce = new byte[NONCE_LENGTH];
        new SecureRandom().nextBytes(nonce);
        return new AccessChallenge(nonce);
    }

    /** The challenge whose random part is {@code nonce} (32 bytes, copied), as received from an app. */
    public static AccessChallenge of(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("a challenge nonce is " + NONCE_LENGTH + " bytes, not " + nonce.length);
        }
        return new AccessChallenge(nonce.clone());
    }

    /** The random part, to send to the keyring. */
    public byte[] nonce() {
        return nonce.clone();
    }

    /** True when {@code signature} is the identity's answer to this challenge. */
    public boolean verify(Ed25519PublicKey identity, byte[] signature) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(signature, "signature");
        return signature.length == 64 && identity.verify(signedBytes(), signature);
    }

    byte[] signedBytes() {
        byte[] m = Arrays.copyOf(DOMAIN, DOMAIN.length + NONCE_LENGTH);
        System.arraycopy(nonce, 0, m, DOMAIN.length, NONCE_LENGTH);
        return m;
    }
}
