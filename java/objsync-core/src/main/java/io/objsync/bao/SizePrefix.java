package io.objsync.bao;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The 8-byte little-endian size that precedes a BAO stream: in an iroh-blobs response before each blob's
 * stream, and at the start of a classic bao encoding, outboard or slice. The size is a claim until the
 * decoder verifies the blob's last chunk (see {@link BaoDecoder#isSizeVerified()}).
 */
public final class SizePrefix {

    /** Bytes in the prefix. */
    public static final int LENGTH = 8;

    private SizePrefix() {
    }

    /** The prefix for {@code size}. */
    public static byte[] encode(long size) {
        checkSize(size);
        return ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN).putLong(size).array();
    }

    /** Writes the prefix for {@code size}. */
    public static void write(long size, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        out.write(encode(size));
    }

    /**
     * Reads a prefix at {@code in}'s position and advances past it.
     *
     * @throws BaoTruncatedException when fewer than 8 bytes remain
     * @throws BaoException          when the size is 2^63 or more, which no Java API can address
     */
    public static long decode(ByteBuffer in) throws BaoException {
        if (in.remaining() < LENGTH) {
            throw new BaoTruncatedException("size prefix needs 8 bytes, " + in.remaining() + " remain", 0);
        }
        long size = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
        in.position(in.position() + LENGTH);
        return checked(size);
    }

    /**
     * Reads a prefix from {@code in}, exactly 8 bytes.
     *
     * @throws BaoTruncatedException when the stream ends first
     * @throws BaoException          when the size is 2^63 or more
     */
    public static long read(InputStream in) throws IOException {
        byte[] b = new byte[LENGTH];
        int n = 0;
        while (n < LENGTH) {
            int r = in.read(b, n, LENGTH - n);
            if (r < 0) {
                throw new BaoTruncatedException("stream ended inside the size prefix", n);
            }
            n += r;
        }
        return checked(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private static long checked(long size) throws BaoException {
        if (size < 0) {
            throw new BaoException("size prefix " + Long.toUnsignedString(size) + " is 2^63 or more", 0);
        }
        return size;
    }

    static void checkSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
