package io.objsync.net;

import io.objsync.internal.Base32;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node's identity on the network: its 32-byte Ed25519 public key (iroh's {@code EndpointId}). Immutable;
 * ordered by unsigned comparison of the bytes. Text form: 64 lowercase hex characters; {@link #parse(String)}
 * also takes the 52-character base32 form.
 */
public final class NodeId implements Comparable<NodeId> {

    /** Bytes in a node id. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    private NodeId(byte[] key) {
        this.key = key;
    }

    /**
     * The node id with these 32 bytes (copied).
     *
     * @throws IllegalArgumentException when {@code key} is not 32 bytes or not a valid Ed25519 point
     */
    public static NodeId of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a node id is " + LENGTH + " bytes, got " + key.length);
        }
        byte[] copy = key.clone();
        try {
            new Ed25519PublicKeyParameters(copy, 0); // rejects encodings that are not curve points
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + HEX.formatHex(copy), e);
        }
        return new NodeId(copy);
    }

    /**
     * Parses 64 hex or 52 base32 characters (either case).
     *
     * @throws IllegalArgumentException when {@code text} is neither, or not an Ed25519 point
     */
    public static NodeId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() == 2 * LENGTH) {
            return of(HEX.parseHex(text));
        }
        if (text.length() == (LENGTH * 8 + 4) / 5) {
            return of(Base32.decode(text));
        }
        throw new IllegalArgumentException("a node id is 64 hex or 52 base32 characters, got " + text.length());
    }

    /** A copy of the 32 key bytes. */
    public byte[] toBytes() {
        return key.clone();
    }

    /** The first 5 bytes in hex: enough to tell nodes apart in logs. */
    public String shortForm() {
        return HEX.formatHex(key, 0, 5);
    }

    @Override
    public int compareTo(NodeId other) {
        return Arrays.compareUnsigned(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId && MessageDigest.isEqual(key, ((NodeId) o).key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** The 64-character lowercase hex form. */
    @Override
    public String toString() {
        return HEX.formatHex(key);
    }
}
