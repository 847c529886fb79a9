package io.objsync.ticket;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a document ticket grants (iroh-docs' {@code Capability}): reading a namespace, given its 32-byte id (an
 * Ed25519 public key), or writing it, given its 32-byte secret (the Ed25519 seed whose public key is the id).
 * Kept as bytes so the ticket layer needs no document types. Immutable; {@link #toString()} never shows a secret.
 */
public final class DocCapability {

    /** Bytes in a namespace id or secret. */
    public static final int KEY_LENGTH = 32;

    private final boolean write;
    private final byte[] key;
    private final byte[] namespaceId;

    private DocCapability(boolean write, byte[] key, byte[] namespaceId) {
        this.write = write;
        this.key = key;
        this.namespaceId = namespaceId;
    }

    /** Read access to the namespace with this id (copied). */
    public static DocCapability read(byte[] namespaceId) {
        byte[] id = checked(namespaceId, "namespace id");
        return new DocCapability(false, id, id);
    }

    /** Write access through the namespace's secret (copied); the id follows from it. */
    public static DocCapability write(byte[] namespaceSecret) {
        byte[] secret = checked(namespaceSecret, "namespace secret");
        byte[] id = new Ed25519PrivateKeyParameters(secret, 0).generatePublicKey().getEncoded();
        return new DocCapability(true, secret, id);
    }

    private static byte[] checked(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a " + what + " is " + KEY_LENGTH + " bytes, got " + key.length);
        }
        return key.clone();
    }

    /** Whether this grants writing (the ticket carries the namespace secret: keep it secret). */
    public boolean isWrite() {
        return write;
    }

    /** The namespace id, for either kind. */
    public byte[] namespaceId() {
        return namespaceId.clone();
    }

    /**
     * The namespace secret of a write capability.
     *
     * @throws IllegalStateException for a read capability
     */
    public byte[] namespaceSecret() {
        if (!write) {
            throw new IllegalStateException("a read capability carries no secret");
        }
        return key.clone();
    }

    /** A read capability for the same namespace: what a write ticket's holder may share as read-only. */
    public DocCapability toRead() {
        return write ? read(namespaceId) : this;
    }

    byte[] keyBytes() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocCapability && write == ((DocCapability) o).write
                && MessageDigest.isEqual(key, ((DocCapability) o).key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namespaceId) * 2 + (write ? 1 : 0);
    }

    /** {@code Read(<id>)} or {@code Write(<id>)}: the id, never the secret. */
    @Override
    public String toString() {
        return (write ? "Write(" : "Read(") + HexFormat.of().formatHex(namespaceId) + ")";
    }
}
