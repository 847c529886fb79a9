package io.objsync.hash;

import io.objsync.internal.Base32;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte BLAKE3 hash: an immutable value, safe to share between threads.
 *
 * <p>Text forms: lowercase hex (64 characters, {@link #toString()}) and lowercase RFC 4648 base32 without
 * padding (52 characters), the form iroh prints hashes in. Hashes order by unsigned lexicographic comparison
 * of their bytes; {@link #equals(Object)} runs in constant time.
 */
public final class Hash implements Comparable<Hash> {

    /** Bytes in a hash. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of a 32-byte array the caller never touches again. */
    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    /**
     * The hash with the given 32 bytes (copied).
     *
     * @throws NullPointerException     when {@code bytes} is null
     * @throws IllegalArgumentException when {@code bytes} is not 32 bytes long
     */
    public static Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /**
     * The hash held in {@code src[offset, offset+32)} (copied).
     *
     * @throws NullPointerException      when {@code src} is null
     * @throws IndexOutOfBoundsException when fewer than 32 bytes follow {@code offset}
     */
    public static Hash of(byte[] src, int offset) {
        Objects.requireNonNull(src, "src");
        Objects.checkFromIndexSize(offset, LENGTH, src.length);
        return new Hash(Arrays.copyOfRange(src, offset, offset + LENGTH));
    }

    /**
     * Parses 64 hex characters (either case).
     *
     * @throws NullPointerException     when {@code hex} is null
     * @throws IllegalArgumentException when {@code hex} is not 64 hex characters
     */
    public static Hash fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hex hash is " + 2 * LENGTH + " characters, got " + hex.length());
        }
        return new Hash(HEX.parseHex(hex));
    }

    /**
     * Parses the 52-character unpadded base32 form (either case).
     *
     * @throws NullPointerException     when {@code base32} is null
     * @throws IllegalArgumentException when {@code base32} is not the base32 form of 32 bytes
     */
    public static Hash fromBase32(String base32) {
        Objects.requireNonNull(base32, "base32");
        int expected = (LENGTH * 8 + 4) / 5;
        if (base32.length() != expected) {
            throw new IllegalArgumentException("a base32 hash is " + expected + " characters, got "
                    + base32.length());
        }
        return new Hash(Base32.decode(base32));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The 64-character lowercase hex form. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** The 52-character lowercase unpadded base32 form (as iroh prints hashes). */
    public String toBase32() {
        return Base32.encode(bytes);
    }

    /** Unsigned lexicographic order of the bytes. */
    @Override
    public int compareTo(Hash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** Whether {@code o} is a hash with the same bytes; constant time in the bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Hash && MessageDigest.isEqual(bytes, ((Hash) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The hex form. */
    @Override
    public String toString() {
        return toHex();
    }
}
