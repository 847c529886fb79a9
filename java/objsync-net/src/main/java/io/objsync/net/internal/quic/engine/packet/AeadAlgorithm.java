package io.objsync.net.internal.quic.engine.packet;

/**
 * The AEADs QUIC v1 can protect packets with: one per TLS 1.3 cipher suite (RFC 9001 section 5.3), with the
 * suite's hash for the key schedule and the usage limits of RFC 9001 section 6.6.
 */
public enum AeadAlgorithm {

    /** TLS_AES_128_GCM_SHA256. */
    AES_128_GCM(0x1301, 16, "HmacSHA256", 32, 1L << 23, 1L << 52),
    /** TLS_AES_256_GCM_SHA384. */
    AES_256_GCM(0x1302, 32, "HmacSHA384", 48, 1L << 23, 1L << 52),
    /** TLS_CHACHA20_POLY1305_SHA256. */
    CHACHA20_POLY1305(0x1303, 32, "HmacSHA256", 32, 1L << 62, 1L << 36);

    /** Every QUIC AEAD appends a 16-byte tag. */
    public static final int TAG_LENGTH = 16;
    /** Every QUIC AEAD takes a 12-byte nonce, so every iv is 12 bytes. */
    public static final int IV_LENGTH = 12;

    private final int cipherSuite;
    private final int keyLength;
    private final String hmacAlgorithm;
    private final int hashLength;
    private final long confidentialityLimit;
    private final long integrityLimit;

    AeadAlgorithm(int cipherSuite, int keyLength, String hmacAlgorithm, int hashLength,
                  long confidentialityLimit, long integrityLimit) {
        this.cipherSuite = cipherSuite;
        this.keyLength = keyLength;
        this.hmacAlgorithm = hmacAlgorithm;
        this.hashLength = hashLength;
        this.confidentialityLimit = confidentialityLimit;
        this.integrityLimit = integrityLimit;
    }

    /**
     * The algorithm of a TLS 1.3 cipher suite code, such as 0x1301.
     *
     * @throws IllegalArgumentException for a suite QUIC cannot use (TLS should never have negotiated it)
     */
    public static AeadAlgorithm ofCipherSuite(int code) {
        for (AeadAlgorithm algorithm : values()) {
            if (algorithm.cipherSuite == code) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("no QUIC AEAD for TLS cipher suite 0x" + Integer.toHexString(code));
    }

    /** The TLS 1.3 cipher suite code. */
    public int cipherSuite() {
        return cipherSuite;
    }

    /** Length in bytes of the packet protection key, and of the header protection key. */
    public int keyLength() {
        return keyLength;
    }

    /** The JCA name of the HMAC over the suite's hash, for HKDF. */
    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    /** Length in bytes of the suite's hash, which is also the length of its traffic secrets. */
    public int hashLength() {
        return hashLength;
    }

    /** How many packets one key may protect (RFC 9001 section 6.6). */
    public long confidentialityLimit() {
        return confidentialityLimit;
    }

    /** How many packets may fail authentication within a connection (RFC 9001 section 6.6). */
    public long integrityLimit() {
        return integrityLimit;
    }
}
