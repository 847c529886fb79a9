package io.objsync.net;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A node's secret: the 32-byte Ed25519 seed whose public key is the node's {@link NodeId}. It signs the TLS
 * handshakes that prove the node's identity to peers. Immutable; {@link #toString()} never shows the seed.
 */
public final class NodeKey {

    /** Bytes in a seed. */
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final NodeId nodeId;

    private NodeKey(byte[] seed) {
        this.seed = seed;
        this.nodeId = NodeId.of(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
    }

    /** A new random key from {@link SecureRandom}. */
    public static NodeKey generate() {
        byte[] seed = new byte[SEED_LENGTH];
        new SecureRandom().nextBytes(seed);
        return new NodeKey(seed);
    }

    /**
     * The key with this seed (copied).
     *
     * @throws IllegalArgumentException when {@code seed} is not 32 bytes
     */
    public static NodeKey fromSeed(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is " + SEED_LENGTH + " bytes, got " + seed.length);
        }
        return new NodeKey(seed.clone());
    }

    /** The public half: this node's id. */
    public NodeId nodeId() {
        return nodeId;
    }

    /** A copy of the secret seed, to keep it with the node's store. */
    public byte[] seed() {
        return seed.clone();
    }

    /** Shows the node id only. */
    @Override
    public String toString() {
        return "NodeKey(" + nodeId + ")";
    }
}
