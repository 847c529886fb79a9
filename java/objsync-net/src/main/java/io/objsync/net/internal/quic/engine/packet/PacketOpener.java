package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Opens incoming packets protected with one set of {@link PacketKeys}, in place (RFC 9001 sections 5.3 to 5.5):
 * removes header protection, recovers the packet number, decrypts and authenticates the payload, and checks the
 * reserved bits. Reusable for every packet of one direction and key. Not thread-safe.
 */
public final class PacketOpener {

    private static final int LONG_RESERVED_BITS = 0x0c;
    private static final int SHORT_RESERVED_BITS = 0x18;

    private final HeaderProtection headerProtection;
    private final PacketAead aead;
    private final AuthenticationFailures failures;

    /** An opener for {@code keys} that counts its own authentication failures. */
    public PacketOpener(PacketKeys keys) {
        this(keys, HeaderProtection.of(keys), new AuthenticationFailures(keys.algorithm().integrityLimit()));
    }

    /** An opener sharing {@code headerProtection} and the failure count with others of the same direction. */
    PacketOpener(PacketKeys keys, HeaderProtection headerProtection, AuthenticationFailures failures) {
        this.headerProtection = headerProtection;
        this.aead = new PacketAead(keys);
        this.failures = failures;
    }

    /**
     * Opens the packet at {@code buf[packetStart, packetEnd)} whose packet number starts at {@code pnOffset}
     * (after the connection ids, and for long headers the token and Length, which the caller has parsed), and
     * fills {@code out}. The plaintext replaces the ciphertext in place. On failure the packet's bytes may be
     * left garbled; the caller drops it.
     *
     * @param largestReceived the largest packet number received in this packet number space, or -1 if none
     * @throws PacketDecryptionException if the packet is too short to sample or fails authentication
     * @throws QuicTransportException    AEAD_LIMIT_REACHED once more packets failed than the integrity limit
     *                                   allows; PROTOCOL_VIOLATION if an authentic packet has reserved bits set
     */
    public void open(byte[] buf, int packetStart, int pnOffset, int packetEnd, long largestReceived,
                     OpenedPacket out) throws PacketDecryptionException, QuicTransportException {
        removeHeaderProtection(buf, packetStart, pnOffset, packetEnd, largestReceived, out);
        decryptPayload(buf, packetStart, packetEnd, out);
    }

    /** The first half of {@link #open}: header protection off, packet number decoded, {@code out} filled. */
    void removeHeaderProtection(byte[] buf, int packetStart, int pnOffset, int packetEnd, long largestReceived,
                                OpenedPacket out) throws PacketDecryptionException, QuicTransportException {
        failures.checkNotExceeded();
        if (packetStart < 0 || pnOffset <= packetStart || packetEnd > buf.length) {
            throw new IllegalArgumentException("packet bounds " + packetStart + ", " + pnOffset + ", "
                    + packetEnd + " in a buffer of " + buf.length);
        }
        if (packetEnd - pnOffset < HeaderProtection.SAMPLE_OFFSET + HeaderProtection.SAMPLE_LENGTH) {
            throw new PacketDecryptionException("packet too short to sample for header protection");
        }
        int pnLength = headerProtection.remove(buf, packetStart, pnOffset);
        long packetNumber = PacketNumbers.decode(largestReceived, PacketNumbers.read(buf, pnOffset, pnLength),
                8 * pnLength);
        int payloadOffset = pnOffset + pnLength;
        out.set(packetNumber, buf[packetStart] & 0xff, payloadOffset,
                packetEnd - payloadOffset - AeadAlgorithm.TAG_LENGTH);
    }

    /** The second half of {@link #open}: decrypts the payload {@code out} located, with this opener's key. */
    void decryptPayload(byte[] buf, int packetStart, int packetEnd, OpenedPacket out)
            throws PacketDecryptionException, QuicTransportException {
        if (!aead.open(buf, packetStart, out.payloadOffset(), packetEnd, out.packetNumber())) {
            failures.record();
            throw new PacketDecryptionException("packet failed authentication");
        }
        int reserved = out.longHeader() ? LONG_RESERVED_BITS : SHORT_RESERVED_BITS;
        if ((out.firstByte() & reserved) != 0) {
            // RFC 9000 sections 17.2 and 17.3.1: checked only once the packet proved authentic.
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0,
                    "reserved header bits set in packet " + out.packetNumber());
        }
    }
}
