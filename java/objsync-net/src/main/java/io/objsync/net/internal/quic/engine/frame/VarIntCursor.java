package io.objsync.net.internal.quic.engine.frame;

/**
 * A reading position in {@code buf[pos, end)} that decodes varints without allocating: truncation shows as a
 * return value of -1 (no varint is negative) and leaves the position where it was, so the caller decides which
 * error that is. Reusable through {@link #reset}; one thread at a time.
 */
public final class VarIntCursor {

    private byte[] buf;
    private int pos;
    private int end;

    /** A cursor over nothing yet; call {@link #reset} first. */
    public VarIntCursor() {
        reset(new byte[0], 0, 0);
    }

    /** Points this cursor at {@code buf[pos, end)}. */
    public void reset(byte[] buf, int pos, int end) {
        if (pos < 0 || pos > end || end > buf.length) {
            throw new IllegalArgumentException("bad range [" + pos + ", " + end + ") of " + buf.length);
        }
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** The buffer being read. */
    public byte[] buffer() {
        return buf;
    }

    /** The position of the next unread byte. */
    public int pos() {
        return pos;
    }

    /** The number of bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    /** Reads the next varint and moves past it, or returns -1 (and stays put) if it runs past the end. */
    public long readVarInt() {
        if (pos >= end) {
            return -1;
        }
        int length = VarInt.encodedLength(buf[pos]);
        if (length > end - pos) {
            return -1;
        }
        long value = VarInt.read(buf, pos);
        pos += length;
        return value;
    }

    /** Reads the next byte as 0..255 and moves past it, or returns -1 at the end. */
    public int readUnsignedByte() {
        return pos < end ? buf[pos++] & 0xff : -1;
    }

    /** Reads the next 8 bytes as a big-endian long; the caller has checked {@link #remaining()} is at least 8. */
    public long readLong() {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (buf[pos + i] & 0xff);
        }
        pos += Long.BYTES;
        return value;
    }

    /** Moves {@code n} bytes on; the caller has checked {@link #remaining()} is at least {@code n}. */
    public void skip(int n) {
        pos += n;
    }
}
