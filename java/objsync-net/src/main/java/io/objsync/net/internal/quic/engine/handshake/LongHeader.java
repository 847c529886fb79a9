package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.frame.VarInt;
import io.objsync.net.internal.quic.engine.frame.VarIntCursor;

/**
 * QUIC long headers (RFC 9000 17.2): reading one packet of a (possibly coalesced) datagram into this reusable
 * view, and writing Initial and Handshake headers. A header that cannot be read is dropped, not answered (RFC
 * 9000 12.2), so {@link #read} reports it with {@code false} rather than an exception. The packet number is
 * still under header protection when read: {@link #pnOffset()} is where the protection layer starts. One
 * thread at a time.
 */
public final class LongHeader {

    /** Long packet types (the two bits after the fixed bit). */
    public static final int INITIAL = 0;
    /** 0-RTT: never sent by us, dropped when received. */
    public static final int ZERO_RTT = 1;
    /** Handshake packets. */
    public static final int HANDSHAKE = 2;
    /** Retry packets. */
    public static final int RETRY = 3;

    /** QUIC version 1. */
    public static final int VERSION_1 = 0x00000001;

    /** The length field is always written in 2 bytes, so it can be filled in once the packet is sealed. */
    public static final int LENGTH_FIELD_BYTES = 2;

    private static final int MAX_CID_V1 = 20;

    private final VarIntCursor cursor = new VarIntCursor();
    private int type;
    private int version;
    private int dcidOffset;
    private int dcidLength;
    private int scidOffset;
    private int scidLength;
    private int tokenOffset;
    private int tokenLength;
    private int pnOffset;
    private int packetEnd;

    /** Whether a datagram's packet starting with {@code firstByte} has a long header. */
    public static boolean isLong(byte firstByte) {
        return (firstByte & 0x80) != 0;
    }

    /**
     * Reads the long header of the packet at {@code buf[start]} in a datagram ending at {@code datagramEnd}.
     * Version negotiation (version 0) and unknown versions are read up to the connection ids and
     * {@link #packetEnd()} is the datagram's end; for version 1 the packet's own Length field bounds it, so the
     * caller can go on with a coalesced packet at {@link #packetEnd()}.
     *
     * @return false when the bytes are not a well-formed long header (the packet is to be dropped)
     */
    public boolean read(byte[] buf, int start, int datagramEnd) {
        if (start < 0 || datagramEnd > buf.length || datagramEnd - start < 7 || !isLong(buf[start])) {
            return false;
        }
        type = (buf[start] & 0x30) >>> 4;
        version = ((buf[start + 1] & 0xff) << 24) | ((buf[start + 2] & 0xff) << 16)
                | ((buf[start + 3] & 0xff) << 8) | (buf[start + 4] & 0xff);
        int pos = start + 5;
        dcidLength = buf[pos++] & 0xff;
        dcidOffset = pos;
        pos += dcidLength;
        if (pos >= datagramEnd) {
            return false;
        }
        scidLength = buf[pos++] & 0xff;
        scidOffset = pos;
        pos += scidLength;
        if (pos > datagramEnd) {
            return false;
        }
        tokenOffset = pos;
        tokenLength = 0;
        if (version != VERSION_1) {
            pnOffset = -1;
            packetEnd = datagramEnd;
            return true;
        }
        if (dcidLength > MAX_CID_V1 || scidLength > MAX_CID_V1 || (buf[start] & 0x40) == 0) {
            return false; // version 1 caps connection ids at 20 bytes and sets the fixed bit
        }
        cursor.reset(buf, pos, datagramEnd);
        if (type == INITIAL) {
            long token = cursor.readVarInt();
            if (token < 0 || token > cursor.remaining()) {
                return false;
            }
            tokenOffset = cursor.pos();
            tokenLength = (int) token;
            cursor.skip(tokenLength);
        }
        if (type == RETRY) {
            pnOffset = -1;
            tokenLength = datagramEnd - tokenOffset;
            packetEnd = datagramEnd;
            return true;
        }
        long length = cursor.readVarInt();
        // the packet number (1-4 bytes) plus the 16-byte tag at least, and no further than the datagram
        if (length < 0 || length > cursor.remaining() || length < 1 + 16) {
            return false;
        }
        pnOffset = cursor.pos();
        packetEnd = pnOffset + (int) length;
        return true;
    }

    /** The long packet type: {@link #INITIAL}, {@link #ZERO_RTT}, {@link #HANDSHAKE} or {@link #RETRY}. */
    public int type() {
        return type;
    }

    /** The version field; 0 for a version negotiation packet. */
    public int version() {
        return version;
    }

    /** Where the destination connection id starts. */
    public int dcidOffset() {
        return dcidOffset;
    }

    /** The destination connection id's length. */
    public int dcidLength() {
        return dcidLength;
    }

    /** Where the source connection id starts. */
    public int scidOffset() {
        return scidOffset;
    }

    /** The source connection id's length. */
    public int scidLength() {
        return scidLength;
    }

    /** Where an Initial's token (or a Retry's token and tag, or a version negotiation's version list) starts. */
    public int tokenOffset() {
        return tokenOffset;
    }

    /** The token's length (Initial), or the bytes after the connection ids (Retry). */
    public int tokenLength() {
        return tokenLength;
    }

    /** Where the protected packet number starts, or -1 for Retry and other versions. */
    public int pnOffset() {
        return pnOffset;
    }

    /** Where this packet ends (the next coalesced packet starts). */
    public int packetEnd() {
        return packetEnd;
    }

    /**
     * Writes an Initial or Handshake header at {@code dst[pos]}: first byte with {@code pnLength}, version 1, the
     * connection ids, the token (Initial only; may be empty), a {@link #LENGTH_FIELD_BYTES}-byte Length field
     * left for {@link #writeLength}, and the truncated packet number.
     *
     * @return the offset of the packet number; the Length field is the 2 bytes before it
     */
    public static int write(byte[] dst, int pos, int type, byte[] dcid, byte[] scid, byte[] token,
                            long truncatedPn, int pnLength) {
        if (type != INITIAL && type != HANDSHAKE) {
            throw new IllegalArgumentException("we write Initial and Handshake headers only, not " + type);
        }
        if (pnLength < 1 || pnLength > 4) {
            throw new IllegalArgumentException("a packet number is 1 to 4 bytes, not " + pnLength);
        }
        dst[pos++] = (byte) (0xc0 | (type << 4) | (pnLength - 1));
        dst[pos++] = 0;
        dst[pos++] = 0;
        dst[pos++] = 0;
        dst[pos++] = VERSION_1;
        pos = putCid(dst, pos, dcid);
        pos = putCid(dst, pos, scid);
        if (type == INITIAL) {
            pos = VarInt.write(dst, pos, token.length);
            System.arraycopy(token, 0, dst, pos, token.length);
            pos += token.length;
        }
        pos += LENGTH_FIELD_BYTES;
        for (int i = pnLength - 1; i >= 0; i--) {
            dst[pos + i] = (byte) truncatedPn;
            truncatedPn >>>= 8;
        }
        return pos;
    }

    /**
     * Fills in the Length field of a header written by {@link #write}: the bytes from the packet number to the
     * end of the sealed packet (tag included).
     */
    public static void writeLength(byte[] dst, int pnOffset, int packetEnd) {
        VarInt.writeWithLength(dst, pnOffset - LENGTH_FIELD_BYTES, packetEnd - pnOffset, LENGTH_FIELD_BYTES);
    }

    private static int putCid(byte[] dst, int pos, byte[] cid) {
        if (cid.length > MAX_CID_V1) {
            throw new IllegalArgumentException("a connection id is at most 20 bytes");
        }
        dst[pos++] = (byte) cid.length;
        System.arraycopy(cid, 0, dst, pos, cid.length);
        return pos + cid.length;
    }
}
