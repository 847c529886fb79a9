package io.objsync.net.internal.quic.engine.packet;

/**
 * What opening a packet revealed: its full packet number, its unprotected first byte, and where its plaintext
 * payload lies in the caller's buffer. One reusable instance per caller, refilled by every successful open;
 * not thread-safe.
 */
public final class OpenedPacket {

    private long packetNumber;
    private int firstByte;
    private int payloadOffset;
    private int payloadLength;

    void set(long packetNumber, int firstByte, int payloadOffset, int payloadLength) {
        this.packetNumber = packetNumber;
        this.firstByte = firstByte;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /** The full, decoded packet number. */
    public long packetNumber() {
        return packetNumber;
    }

    /** The first byte with header protection removed (0..255). */
    public int firstByte() {
        return firstByte;
    }

    /** True for a long header (Initial, 0-RTT, Handshake), false for a 1-RTT short header. */
    public boolean longHeader() {
        return (firstByte & 0x80) != 0;
    }

    /** The key phase bit of a short header (0 or 1); 0 for a long header, which has none. */
    public int keyPhase() {
        return longHeader() ? 0 : (firstByte >>> 2) & 1;
    }

    /** Where the plaintext payload starts in the buffer. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Length of the plaintext payload (the tag not included). */
    public int payloadLength() {
        return payloadLength;
    }
}
