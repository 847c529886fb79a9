package io.objsync.net.internal.quic.engine.frame;

/**
 * QUIC variable-length integers (RFC 9000 section 16): the two high bits of the first byte give the encoded
 * length (1, 2, 4 or 8 bytes), the rest is the big-endian value, up to 2^62-1. Reading accepts non-minimal
 * encodings, as the RFC requires; writing always uses the shortest one. Stateless, so safe from any thread.
 */
public final class VarInt {

    /** The largest value a variable-length integer holds, 2^62-1. */
    public static final long MAX = (1L << 62) - 1;

    private VarInt() {
    }

    /** The number of bytes (1, 2, 4 or 8) the shortest encoding of {@code value} takes. */
    public static int length(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not a QUIC varint: " + value);
        }
        if (value < (1L << 6)) {
            return 1;
        }
        if (value < (1L << 14)) {
            return 2;
        }
        return value < (1L << 30) ? 4 : 8;
    }

    /** The number of bytes (1, 2, 4 or 8) of the varint whose first byte is {@code firstByte}. */
    public static int encodedLength(byte firstByte) {
        return 1 << ((firstByte & 0xff) >>> 6);
    }

    /**
     * Reads the varint at {@code buf[pos]}; the caller has checked that {@link #encodedLength} bytes are there
     * (see {@link VarIntCursor} for a reader that checks).
     */
    public static long read(byte[] buf, int pos) {
        int length = encodedLength(buf[pos]);
        long value = buf[pos] & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (buf[pos + i] & 0xff);
        }
        return value;
    }

    /**
     * Writes {@code value} in its shortest encoding at {@code dst[pos]} and returns the position after it.
     *
     * @throws IllegalArgumentException if {@code value} is negative or above {@link #MAX} (a caller bug)
     */
    public static int write(byte[] dst, int pos, long value) {
        return writeWithLength(dst, pos, value, length(value));
    }

    /**
     * Writes {@code value} in exactly {@code length} bytes (1, 2, 4 or 8), possibly non-minimal, and returns the
     * position after it: for a length field reserved before its content is known.
     *
     * @throws IllegalArgumentException if {@code length} is not 1, 2, 4 or 8, or {@code value} does not fit it
     */
    public static int writeWithLength(byte[] dst, int pos, long value, int length) {
        int lengthBits = switch (length) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            default -> throw new IllegalArgumentException("no varint is " + length + " bytes long");
        };
        if (value < 0 || length(value) > length) {
            throw new IllegalArgumentException(value + " does not fit a " + length + "-byte varint");
        }
        for (int i = length - 1; i > 0; i--) {
            dst[pos + i] = (byte) value;
            value >>>= 8;
        }
        dst[pos] = (byte) (value | ((long) lengthBits << 6));
        return pos + length;
    }
}
