package io.objsync.docs;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 32-byte public key used as an identifier: immutable, ordered by unsigned bytes, printed as hex. */
abstract class Key32 implements Comparable<Key32> {
    /** Bytes in the identifier. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    Key32(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an id is " + LENGTH + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    static byte[] parseHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an id is " + 2 * LENGTH + " hex digits, got " + hex.length());
        }
        return HexFormat.of().parseHex(hex);
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for this package and the codecs. */
    byte[] raw() {
        return bytes;
    }

    /** Lowercase hex, 64 characters. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(Key32 o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Key32) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
