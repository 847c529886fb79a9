package io.objsync.net.internal.quic.engine.packet;

/**
 * The keys that protect one direction of one packet number space at one key generation (RFC 9001 section 5.1):
 * the AEAD key and iv, and the header protection key. Immutable; accessors return copies.
 */
public final class PacketKeys {

    private final AeadAlgorithm algorithm;
    private final byte[] secret;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] headerProtectionKey;

    private PacketKeys(AeadAlgorithm algorithm, byte[] secret, byte[] headerProtectionKey) {
        this.algorithm = algorithm;
        this.secret = secret;
        this.key = KeySchedule.expandLabel(algorithm, secret, "quic key", algorithm.keyLength());
        this.iv = KeySchedule.expandLabel(algorithm, secret, "quic iv", AeadAlgorithm.IV_LENGTH);
        this.headerProtectionKey = headerProtectionKey;
    }

    /** The keys derived from a TLS traffic secret with the labels "quic key", "quic iv" and "quic hp". */
    public static PacketKeys fromSecret(AeadAlgorithm algorithm, byte[] trafficSecret) {
        if (trafficSecret.length != algorithm.hashLength()) {
            throw new IllegalArgumentException("a " + algorithm + " secret has " + algorithm.hashLength()
                    + " bytes, not " + trafficSecret.length);
        }
        byte[] secret = trafficSecret.clone();
        return new PacketKeys(algorithm, secret,
                KeySchedule.expandLabel(algorithm, secret, "quic hp", algorithm.keyLength()));
    }

    /** The Initial keys of one side, from the client's first destination connection id (RFC 9001 5.2). */
    public static PacketKeys initial(byte[] destinationConnectionId, boolean client) {
        return fromSecret(AeadAlgorithm.AES_128_GCM, KeySchedule.initialSecret(destinationConnectionId, client));
    }

    /**
     * The keys of the next key generation (RFC 9001 section 6.1): a new secret from "quic ku", and from it a new
     * key and iv; the header protection key stays the same.
     */
    public PacketKeys nextGeneration() {
        byte[] next = KeySchedule.expandLabel(algorithm, secret, "quic ku", algorithm.hashLength());
        return new PacketKeys(algorithm, next, headerProtectionKey);
    }

    /** The AEAD these keys are for. */
    public AeadAlgorithm algorithm() {
        return algorithm;
    }

    /** The AEAD key. */
    public byte[] key() {
        return key.clone();
    }

    /** The AEAD iv, which each packet's number is XORed into to make its nonce. */
    public byte[] iv() {
        return iv.clone();
    }

    /** The header protection key. */
    public byte[] headerProtectionKey() {
        return headerProtectionKey.clone();
    }

    /** The traffic secret these keys came from. */
    public byte[] secret() {
        return secret.clone();
    }
}
