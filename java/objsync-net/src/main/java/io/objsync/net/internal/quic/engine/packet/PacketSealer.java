package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Protects outgoing packets with one set of {@link PacketKeys}, in place (RFC 9001 sections 5.3 and 5.4): the
 * payload is encrypted and its tag appended, then the header is protected. Reusable for every packet of one
 * direction and key; counts the packets it sealed against the AEAD's confidentiality limit. Not thread-safe.
 */
public final class PacketSealer {

    private final HeaderProtection headerProtection;
    private final PacketAead aead;
    private final long confidentialityLimit;
    private long packetsSealed;

    /** A sealer for {@code keys}. */
    public PacketSealer(PacketKeys keys) {
        this(keys, HeaderProtection.of(keys), keys.algorithm().confidentialityLimit());
    }

    /** A sealer sharing {@code headerProtection} (unchanged across key updates), with the given limit. */
    PacketSealer(PacketKeys keys, HeaderProtection headerProtection, long confidentialityLimit) {
        this.headerProtection = headerProtection;
        this.aead = new PacketAead(keys);
        this.confidentialityLimit = confidentialityLimit;
    }

    /**
     * Seals the packet at {@code buf[packetStart]}. The caller has written the header with its first byte
     * unprotected (its low two bits giving the packet number length) and the truncated packet number at
     * {@code pnOffset}, followed by the plaintext payload up to {@code payloadEnd}, and left
     * {@value AeadAlgorithm#TAG_LENGTH} bytes of room after it for the tag. A long header's Length field must
     * already count the tag.
     *
     * @return the end of the sealed packet, {@code payloadEnd + 16}
     * @throws IllegalArgumentException if the packet number bytes and payload together are shorter than 4 bytes
     *                                  (too short to sample), there is no room for the tag, or the packet
     *                                  number in the header is not the low bytes of {@code packetNumber}
     * @throws QuicTransportException   AEAD_LIMIT_REACHED if this key already sealed its confidentiality limit
     */
    public int seal(byte[] buf, int packetStart, int pnOffset, long packetNumber, int payloadEnd)
            throws QuicTransportException {
        if (packetStart < 0 || pnOffset <= packetStart || payloadEnd + AeadAlgorithm.TAG_LENGTH > buf.length) {
            throw new IllegalArgumentException("packet bounds " + packetStart + ", " + pnOffset + ", "
                    + payloadEnd + " in a buffer of " + buf.length);
        }
        int pnLength = (buf[packetStart] & 0x03) + 1;
        int payloadOffset = pnOffset + pnLength;
        if (payloadEnd < payloadOffset) {
            throw new IllegalArgumentException("packet bounds " + packetStart + ", " + pnOffset + ", "
                    + payloadEnd + " in a buffer of " + buf.length);
        }
        if (payloadEnd - pnOffset < HeaderProtection.SAMPLE_OFFSET) {
            throw new IllegalArgumentException("packet number and payload need 4 bytes for the header sample, have "
                    + (payloadEnd - pnOffset));
        }
        if (packetNumber < 0 || packetNumber > PacketNumbers.MAX
                || PacketNumbers.read(buf, pnOffset, pnLength) != (packetNumber & ((1L << (8 * pnLength)) - 1))) {
            throw new IllegalArgumentException("the header does not carry packet number " + packetNumber);
        }
        if (packetsSealed >= confidentialityLimit) {
            throw new QuicTransportException(QuicTransportException.AEAD_LIMIT_REACHED, 0,
                    "this key sealed its confidentiality limit of " + confidentialityLimit + " packets");
        }
        int end = aead.seal(buf, packetStart, payloadOffset, payloadEnd, packetNumber);
        packetsSealed++;
        headerProtection.apply(buf, packetStart, pnOffset);
        return end;
    }

    /** How many packets this sealer (that is, its key) has sealed. */
    public long packetsSealed() {
        return packetsSealed;
    }
}
