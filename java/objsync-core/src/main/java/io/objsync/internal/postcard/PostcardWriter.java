package io.objsync.internal.postcard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes postcard 1.x into a growing byte array; the mirror of {@link PostcardReader}. Not thread-safe.
 */
public final class PostcardWriter {
    private byte[] buf;
    private int len;

    /** A writer with a small initial buffer. */
    public PostcardWriter() {
        this(64);
    }

    /** A writer whose buffer starts at {@code capacity} bytes. */
    public PostcardWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** One raw byte. */
    public PostcardWriter u8(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    /** A varint of any unsigned integer type (u16, u32, u64, usize, lengths, variant indices). */
    public PostcardWriter varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[len++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[len++] = (byte) value;
        return this;
    }

    /** A {@code bool} (also an {@code Option}'s tag). */
    public PostcardWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    /** A fixed-size array: the bytes with no length. */
    public PostcardWriter fixed(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    /** A byte string or {@code Vec<u8>}: the length, then the bytes. */
    public PostcardWriter bytes(byte[] bytes) {
        varint(bytes.length);
        return fixed(bytes);
    }

    /** A {@code String} as UTF-8 with its length. */
    public PostcardWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes {@code b[off, off+n)} as they are. */
    public PostcardWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return len;
    }

    /** A copy of the encoding. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (buf.length - len < n) {
            int want = Math.max(buf.length * 2, len + n);
            if (want < 0) {
                throw new OutOfMemoryError("postcard encoding over 2 GiB");
            }
            buf = Arrays.copyOf(buf, want);
        }
    }
}
