package io.objsync.net.internal.quic.engine.packet;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Payload protection with one key (RFC 9001 section 5.3): the AEAD over the payload, with the header as
 * associated data and the iv XOR the packet number as nonce, in place in the caller's buffer. Reuses one
 * {@link Cipher}; the only per-packet allocation is the parameter object the JCA demands on every init.
 * Not thread-safe.
 */
final class PacketAead {

    private final boolean chacha;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[AeadAlgorithm.IV_LENGTH];

    /** The AEAD of {@code keys}. */
    PacketAead(PacketKeys keys) {
        chacha = keys.algorithm() == AeadAlgorithm.CHACHA20_POLY1305;
        iv = keys.iv();
        try {
            cipher = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + keys.algorithm(), e);
        }
        key = new SecretKeySpec(keys.key(), chacha ? "ChaCha20" : "AES");
    }

    /**
     * Encrypts {@code buf[payloadOffset, payloadEnd)} in place with {@code buf[headerStart, payloadOffset)} as
     * associated data, appends the tag, and returns the end of the tag.
     *
     * @throws IllegalStateException if the JCA refuses, as AES-GCM does for a packet number sealed twice in a row
     */
    int seal(byte[] buf, int headerStart, int payloadOffset, int payloadEnd, long packetNumber) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(packetNumber));
            cipher.updateAAD(buf, headerStart, payloadOffset - headerStart);
            return payloadOffset + cipher.doFinal(buf, payloadOffset, payloadEnd - payloadOffset, buf, payloadOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal packet " + packetNumber, e);
        }
    }

    /**
     * Decrypts {@code buf[payloadOffset, packetEnd)} (ciphertext and tag) in place, with
     * {@code buf[headerStart, payloadOffset)} as associated data; false if it fails authentication, in which case
     * the payload bytes may have been overwritten.
     */
    boolean open(byte[] buf, int headerStart, int payloadOffset, int packetEnd, long packetNumber) {
        try {
            initForDecryption(packetNumber);
            cipher.updateAAD(buf, headerStart, payloadOffset - headerStart);
            cipher.doFinal(buf, payloadOffset, packetEnd - payloadOffset, buf, payloadOffset);
            return true;
        } catch (AEADBadTagException forged) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open packet " + packetNumber, e);
        }
    }

    private void initForDecryption(long packetNumber) throws GeneralSecurityException {
        AlgorithmParameterSpec parameters = parameters(packetNumber);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
        } catch (InvalidKeyException sameNonceAsLastInit) {
            // Java 17's ChaCha20-Poly1305 refuses the previous init's key and nonce even for decryption, which a
            // duplicated packet asks for. Harmless when decrypting: step over it with any other nonce first.
            nonce[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, key, spec());
            nonce[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
        }
    }

    /** The nonce of RFC 9001 section 5.3: the packet number, left-padded to the iv's length, XOR the iv. */
    private AlgorithmParameterSpec parameters(long packetNumber) {
        System.arraycopy(iv, 0, nonce, 0, nonce.length);
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        return spec();
    }

    private AlgorithmParameterSpec spec() {
        return chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(AeadAlgorithm.TAG_LENGTH * 8, nonce);
    }
}
