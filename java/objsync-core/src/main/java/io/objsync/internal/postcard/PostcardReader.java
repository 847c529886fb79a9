package io.objsync.internal.postcard;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes postcard 1.x (the serde format of the reference implementation) from a byte array: unsigned
 * integers wider than a byte are LEB128 varints, {@code u8} and fixed arrays are raw bytes, sequences, strings
 * and byte strings are a varint length then the items, enums a varint variant index, {@code Option} a 0/1
 * byte. Every read checks the input first, so hostile bytes end in a {@link PostcardException}, never in an
 * over-allocation: no length is trusted beyond the bytes that remain.
 */
public final class PostcardReader {
    private final byte[] in;
    private final int end;
    private int pos;

    /** Reads {@code in[off, off+len)}. */
    public PostcardReader(byte[] in, int off, int len) {
        if (off < 0 || len < 0 || off > in.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + in.length);
        }
        this.in = in;
        this.pos = off;
        this.end = off + len;
    }

    /** Reads all of {@code in}. */
    public PostcardReader(byte[] in) {
        this(in, 0, in.length);
    }

    /** The bytes not read yet. */
    public int remaining() {
        return end - pos;
    }

    /** The read position in the array given to the constructor. */
    public int position() {
        return pos;
    }

    /** One raw byte (a {@code u8}). */
    public int u8() {
        need(1, "u8");
        return in[pos++] & 0xFF;
    }

    /** A varint {@code u64}; values at or above 2^63 come back negative (unsigned). */
    public long u64() {
        return varint(10, "u64");
    }

    /** A varint {@code u32}. */
    public long u32() {
        return varint(5, "u32");
    }

    /** A varint {@code u16}. */
    public int u16() {
        return (int) varint(3, "u16");
    }

    /**
     * A sequence or string length: a varint that must not exceed the bytes left divided by
     * {@code minItemBytes}, so a forged length can never make the caller allocate more than the input holds.
     */
    public int length(int minItemBytes) {
        int at = pos;
        long n = u64();
        if (n < 0 || n > (long) remaining() / Math.max(1, minItemBytes)) {
            throw new PostcardException("length " + Long.toUnsignedString(n) + " exceeds the "
                    + remaining() + " bytes left", at);
        }
        return (int) n;
    }

    /** A {@code bool}: exactly 0 or 1. */
    public boolean bool() {
        int at = pos;
        int b = u8();
        if (b > 1) {
            throw new PostcardException("bool byte " + b, at);
        }
        return b == 1;
    }

    /** An {@code Option}'s tag: true when a value follows. */
    public boolean optionPresent() {
        return bool();
    }

    /** An enum's variant index, which must be below {@code variants}. */
    public int variant(int variants) {
        int at = pos;
        long v = u32();
        if (v >= variants) {
            throw new PostcardException("unknown variant " + v + " of " + variants, at);
        }
        return (int) v;
    }

    /** A fixed-size array {@code [u8; n]}. */
    public byte[] fixed(int n) {
        need(n, "[u8; " + n + "]");
        byte[] out = new byte[n];
        System.arraycopy(in, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A byte string or {@code Vec<u8>}: a length, then the bytes. */
    public byte[] bytes() {
        return fixed(length(1));
    }

    /** A {@code String}: a length, then strict UTF-8. */
    public String string() {
        int at = pos;
        byte[] raw = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new PostcardException("string is not valid UTF-8", at);
        }
    }

    /** Checks that every byte was consumed: trailing bytes are an error, as postcard's {@code from_bytes} says. */
    public void expectEnd() {
        if (pos != end) {
            throw new PostcardException((end - pos) + " trailing bytes", pos);
        }
    }

    private long varint(int maxBytes, String type) {
        int at = pos;
        int bits = maxBytes == 10 ? 64 : maxBytes == 5 ? 32 : 16;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            need(1, type);
            int b = in[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (bits < 64 && (value >>> bits) != 0 || bits == 64 && i == 9 && b > 1) {
                    throw new PostcardException(type + " varint out of range", at);
                }
                return value;
            }
        }
        throw new PostcardException(type + " varint longer than " + maxBytes + " bytes", at);
    }

    private void need(int n, String what) {
        if (end - pos < n) {
            throw new PostcardException("input ends inside " + what, pos);
        }
    }
}
