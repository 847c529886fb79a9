package io.objsync.bao;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Random read access to the bytes of a blob, for the {@link BaoEncoder}. Implementations must be safe to read
 * from several threads at once when one blob is served to several peers; the built-in ones are.
 */
public interface BaoData {

    /** The blob's size in bytes. */
    long size();

    /**
     * Fills {@code dst}'s remaining bytes with the blob's bytes from {@code offset} and advances its position.
     *
     * @throws EOFException when the blob ends before {@code dst} is full
     * @throws IOException  when the underlying storage fails
     */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** The bytes of {@code data} (not copied: later changes to the array show). */
    static BaoData of(byte[] data) {
        return of(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
    }

    /**
     * The remaining bytes of {@code data}, heap or direct (not copied; {@code data}'s position and limit are
     * not used after this call, so the caller may move them).
     */
    static BaoData of(ByteBuffer data) {
        ByteBuffer view = Objects.requireNonNull(data, "data").slice().asReadOnlyBuffer();
        return new BaoData() {
            @Override
            public long size() {
                return view.capacity();
            }

            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                int n = dst.remaining();
                if (offset < 0 || offset > view.capacity() - (long) n) {
                    throw new EOFException("read of " + n + " bytes at " + offset + " past the end ("
                            + view.capacity() + " bytes)");
                }
                dst.put(view.duplicate().position((int) offset).limit((int) offset + n));
            }
        };
    }

    /**
     * The first {@code size} bytes of a file, read with positional reads (the channel's position is not used,
     * so one channel can serve many readers). The channel stays open; close it when done.
     */
    static BaoData of(FileChannel file, long size) {
        Objects.requireNonNull(file, "file");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return new BaoData() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                if (offset < 0 || offset > size - dst.remaining()) {
                    throw new EOFException("read of " + dst.remaining() + " bytes at " + offset
                            + " past the end (" + size + " bytes)");
                }
                long at = offset;
                while (dst.hasRemaining()) {
                    int n = file.read(dst, at);
                    if (n < 0) {
                        throw new EOFException("file ended at " + at + " before its size " + size);
                    }
                    at += n;
                }
            }
        };
    }
}
