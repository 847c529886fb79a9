package io.objsync.net.internal.quic.engine.packet;

/**
 * Packet number truncation and recovery (RFC 9000 sections 17.1 and A.2, A.3): a packet carries only the low
 * 1 to 4 bytes of its number, enough for the receiver to recover it from the largest number it has seen.
 */
public final class PacketNumbers {

    /** The largest packet number QUIC allows, 2^62 - 1. */
    public static final long MAX = (1L << 62) - 1;

    private PacketNumbers() {
    }

    /**
     * How many bytes to send {@code packetNumber} in (RFC 9000 A.2): enough to cover twice the range of packets
     * not yet acknowledged.
     *
     * @param largestAcked the largest packet number the peer acknowledged in this space, or -1 if none
     * @throws IllegalArgumentException if {@code packetNumber} is not above {@code largestAcked}, or would need
     *                                  more than 4 bytes (more than 2^31 packets in flight)
     */
    public static int encodedLength(long packetNumber, long largestAcked) {
        if (packetNumber < 0 || packetNumber > MAX || largestAcked < -1 || packetNumber <= largestAcked) {
            throw new IllegalArgumentException("packet number " + packetNumber + " after acked " + largestAcked);
        }
        long unacked = largestAcked == -1 ? packetNumber + 1 : packetNumber - largestAcked;
        // RFC 9000 A.2: ceil((log2(unacked) + 1) / 8) bytes, which is the smallest n with 2 * unacked <= 2^(8n).
        int bits = 64 - Long.numberOfLeadingZeros(2 * unacked - 1);
        int bytes = (bits + 7) / 8;
        if (bytes > 4) {
            throw new IllegalArgumentException(unacked + " packets unacknowledged: too many to encode");
        }
        return bytes;
    }

    /**
     * Recovers a full packet number from its {@code bits} low bits (RFC 9000 A.3): the one closest to the next
     * expected number.
     *
     * @param largestReceived the largest packet number received in this space, or -1 if none
     */
    public static long decode(long largestReceived, long truncated, int bits) {
        long expected = largestReceived + 1;
        long window = 1L << bits;
        long halfWindow = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }

    /** Writes the low {@code length} bytes of {@code packetNumber}, big-endian, at {@code buf[offset]}. */
    public static void write(byte[] buf, int offset, long packetNumber, int length) {
        for (int i = length - 1; i >= 0; i--) {
            buf[offset + i] = (byte) packetNumber;
            packetNumber >>>= 8;
        }
    }

    /** Reads a {@code length}-byte big-endian truncated packet number at {@code buf[offset]}. */
    public static long read(byte[] buf, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | (buf[offset + i] & 0xff);
        }
        return value;
    }
}
