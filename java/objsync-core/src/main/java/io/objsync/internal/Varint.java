package io.objsync.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints for 64-bit values, as postcard encodes every integer wider than a byte: seven bits
 * per byte, least significant group first, the high bit set on every byte but the last. Values are unsigned:
 * a negative {@code long} stands for a value at or above 2^63.
 */
public final class Varint {

    /** The longest encoding of a 64-bit value. */
    public static final int MAX_BYTES = 10;

    private Varint() {
    }

    /** Appends the encoding of {@code value} (unsigned). */
    public static void write(long value, ByteArrayOutputStream out) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** The number of bytes {@link #write} produces for {@code value}. */
    public static int size(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * Reads one varint at {@code in}'s position and advances past it. Like postcard, accepts redundant
     * high zero groups but nothing that does not fit 64 bits.
     *
     * @throws BufferUnderflowException when the buffer ends inside the varint
     * @throws IllegalArgumentException when the value does not fit 64 bits
     */
    public static long read(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.hasRemaining()) {
                throw new BufferUnderflowException();
            }
            int b = in.get() & 0xFF;
            if (i == MAX_BYTES - 1 && b > 1) {
                throw new IllegalArgumentException("varint does not fit 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }
}
