package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Protection of 1-RTT (short header) packets in both directions, with key updates (RFC 9001 section 6).
 *
 * <p>Keys come in generations; the key phase bit of each packet is the low bit of its generation. We seal with
 * the current generation. An incoming packet whose phase is the current one opens with the current keys; one
 * whose phase differs opens with the previous generation's keys if its packet number is below the first one
 * received in the current phase (or nothing was received in it yet after our own update), and otherwise with the
 * next generation's keys, precomputed: if those authenticate it, the peer has updated and we adopt the next
 * generation for both directions. A packet that fails to open changes nothing. Header protection keys never
 * change.
 *
 * <p>Used by one connection thread; not thread-safe.
 */
public final class OneRttPackets {

    /** Longest connection id QUIC v1 allows. */
    private static final int MAX_CID_LENGTH = 20;
    private static final int FIXED_BIT = 0x40;
    private static final int KEY_PHASE_BIT = 0x04;

    private final long confidentialityLimit;
    private final HeaderProtection sendHeaderProtection;
    private final HeaderProtection receiveHeaderProtection;
    private final AuthenticationFailures failures;

    private long generation;
    private PacketSealer sealer;
    private PacketKeys nextSendKeys;
    private PacketSealer nextSealer;
    private PacketOpener previousOpener;
    private PacketOpener opener;
    private PacketKeys nextReceiveKeys;
    private PacketOpener nextOpener;

    /** Our first packet number sealed with the current keys, or -1. */
    private long firstSentInPhase = -1;
    /** Whether the peer acknowledged a packet we sealed with the current keys. */
    private boolean sentInPhaseAcknowledged;
    /** The peer's first packet number opened with the current keys, or -1. */
    private long firstReceivedInPhase = -1;
    /** Whether we sealed a packet with the current keys after the peer's first one in this phase arrived. */
    private boolean sentSinceReceivedInPhase;

    /**
     * Protection from the client's and the server's application traffic secrets (TLS 1.3
     * "c ap traffic" and "s ap traffic"); {@code client} says which of them we are.
     */
    public OneRttPackets(AeadAlgorithm algorithm, byte[] clientSecret, byte[] serverSecret, boolean client) {
        this(algorithm, clientSecret, serverSecret, client, algorithm.integrityLimit(),
                algorithm.confidentialityLimit());
    }

    /**
     * As the other constructor, with the AEAD limits given: lower than the algorithm's, they make key updates (and
     * the integrity limit's close) come early enough for tests to reach them.
     */
    public OneRttPackets(AeadAlgorithm algorithm, byte[] clientSecret, byte[] serverSecret, boolean client,
                  long integrityLimit, long confidentialityLimit) {
        PacketKeys sendKeys = PacketKeys.fromSecret(algorithm, client ? clientSecret : serverSecret);
        PacketKeys receiveKeys = PacketKeys.fromSecret(algorithm, client ? serverSecret : clientSecret);
        this.confidentialityLimit = confidentialityLimit;
        this.sendHeaderProtection = HeaderProtection.of(sendKeys);
        this.receiveHeaderProtection = HeaderProtection.of(receiveKeys);
        this.failures = new AuthenticationFailures(integrityLimit);
        this.sealer = new PacketSealer(sendKeys, sendHeaderProtection, confidentialityLimit);
        this.opener = new PacketOpener(receiveKeys, receiveHeaderProtection, failures);
        this.nextSendKeys = sendKeys.nextGeneration();
        this.nextReceiveKeys = receiveKeys.nextGeneration();
        prepareNextGeneration();
    }

    /**
     * Writes a short header at {@code buf[offset]}: the first byte (fixed bit, current key phase, packet number
     * length; spin bit 0), the destination connection id, and the low {@code pnLength} bytes of the packet
     * number (see {@link PacketNumbers#encodedLength}).
     *
     * @return where the payload starts
     */
    public int writeHeader(byte[] buf, int offset, byte[] destinationConnectionId, long packetNumber, int pnLength) {
        if (pnLength < 1 || pnLength > 4 || destinationConnectionId.length > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("packet number length " + pnLength + ", connection id length "
                    + destinationConnectionId.length);
        }
        buf[offset] = (byte) (FIXED_BIT | keyPhase() << 2 | (pnLength - 1));
        System.arraycopy(destinationConnectionId, 0, buf, offset + 1, destinationConnectionId.length);
        int pnOffset = offset + 1 + destinationConnectionId.length;
        PacketNumbers.write(buf, pnOffset, packetNumber, pnLength);
        return pnOffset + pnLength;
    }

    /**
     * Seals the packet at {@code buf[packetStart]} whose header {@link #writeHeader} wrote (the key phase bit is
     * set to the current phase here in any case) and whose payload ends at {@code payloadEnd}, with 16 bytes of
     * room after it. See {@link PacketSealer#seal}.
     *
     * @return the end of the sealed packet
     * @throws QuicTransportException AEAD_LIMIT_REACHED if the current key reached its confidentiality limit;
     *                                {@link #keyUpdateDue()} says when to update before that
     */
    public int seal(byte[] buf, int packetStart, int destinationCidLength, long packetNumber, int payloadEnd)
            throws QuicTransportException {
        checkShortHeader(buf, packetStart, destinationCidLength);
        buf[packetStart] = (byte) ((buf[packetStart] & ~KEY_PHASE_BIT) | keyPhase() << 2);
        int end = sealer.seal(buf, packetStart, packetStart + 1 + destinationCidLength, packetNumber, payloadEnd);
        if (firstSentInPhase < 0) {
            firstSentInPhase = packetNumber;
        }
        if (firstReceivedInPhase >= 0) {
            sentSinceReceivedInPhase = true;
        }
        return end;
    }

    /**
     * Opens the short-header packet at {@code buf[packetStart, packetEnd)}, whose destination connection id is
     * {@code destinationCidLength} bytes, and fills {@code out}; adopts the next key generation if the peer
     * updated keys.
     *
     * @param largestReceived the largest 1-RTT packet number received so far, or -1
     * @throws PacketDecryptionException if the packet is too short, fails authentication, or is of a key phase
     *                                   whose keys were discarded: drop it
     * @throws QuicTransportException    KEY_UPDATE_ERROR if the peer updated keys again before we sent it a
     *                                   packet with the keys of its previous update; AEAD_LIMIT_REACHED past the
     *                                   integrity limit (failures count across all generations); PROTOCOL_VIOLATION
     *                                   for reserved bits set
     */
    public void open(byte[] buf, int packetStart, int destinationCidLength, int packetEnd, long largestReceived,
                     OpenedPacket out) throws PacketDecryptionException, QuicTransportException {
        checkShortHeader(buf, packetStart, destinationCidLength);
        // Every generation shares the receive header protection key, so any opener removes it.
        opener.removeHeaderProtection(buf, packetStart, packetStart + 1 + destinationCidLength, packetEnd,
                largestReceived, out);
        long packetNumber = out.packetNumber();
        if (out.keyPhase() == keyPhase()) {
            opener.decryptPayload(buf, packetStart, packetEnd, out);
            if (firstReceivedInPhase < 0) {
                firstReceivedInPhase = packetNumber;
            }
        } else if (packetNumber < firstReceivedInPhase || (firstReceivedInPhase < 0 && generation > 0)) {
            if (previousOpener == null) {
                throw new PacketDecryptionException("keys of key phase " + out.keyPhase() + " discarded");
            }
            previousOpener.decryptPayload(buf, packetStart, packetEnd, out);
        } else {
            nextOpener.decryptPayload(buf, packetStart, packetEnd, out);
            if (generation > 0 && !sentSinceReceivedInPhase) {
                // RFC 9001 section 6.2: updated again before we could confirm the previous update.
                throw new QuicTransportException(QuicTransportException.KEY_UPDATE_ERROR, 0,
                        "peer updated keys twice in a row, at packet " + packetNumber);
            }
            advanceGeneration();
            firstReceivedInPhase = packetNumber;
        }
    }

    /**
     * Tells us the peer acknowledged our packet {@code packetNumber}; once one sealed with the current keys is,
     * we may {@link #initiateKeyUpdate()}.
     */
    public void onPacketAcknowledged(long packetNumber) {
        if (firstSentInPhase >= 0 && packetNumber >= firstSentInPhase) {
            sentInPhaseAcknowledged = true;
        }
    }

    /** Whether {@link #initiateKeyUpdate()} is allowed: the peer acknowledged a packet of the current phase. */
    public boolean canInitiateKeyUpdate() {
        return sentInPhaseAcknowledged;
    }

    /**
     * Updates keys on our side (RFC 9001 section 6.1): the next packets we seal, and those we expect, use the
     * next generation. The caller must also have confirmed the handshake.
     *
     * @throws IllegalStateException if no packet sealed with the current keys was acknowledged yet
     */
    public void initiateKeyUpdate() {
        if (!sentInPhaseAcknowledged) {
            throw new IllegalStateException("no packet of key phase " + keyPhase() + " acknowledged yet");
        }
        advanceGeneration();
    }

    /**
     * Drops the previous generation's receive keys; call about three PTOs after the update (RFC 9001 6.5).
     * Packets of that generation then fail to open.
     */
    public void discardPreviousKeys() {
        previousOpener = null;
    }

    /**
     * Whether the current key has sealed three quarters of the AEAD's confidentiality limit, so it is time to
     * {@link #initiateKeyUpdate()} (as soon as it is allowed) before {@link #seal} refuses.
     */
    public boolean keyUpdateDue() {
        return sealer.packetsSealed() >= confidentialityLimit - confidentialityLimit / 4;
    }

    /** Packets sealed with the current key. */
    public long packetsSealedWithCurrentKeys() {
        return sealer.packetsSealed();
    }

    /** The current key phase bit, 0 or 1. */
    public int keyPhase() {
        return (int) (generation & 1);
    }

    /** The current key generation: 0 at first, one more at each update. */
    public long keyGeneration() {
        return generation;
    }

    private void advanceGeneration() {
        generation++;
        sealer = nextSealer;
        previousOpener = opener;
        opener = nextOpener;
        nextSendKeys = nextSendKeys.nextGeneration();
        nextReceiveKeys = nextReceiveKeys.nextGeneration();
        prepareNextGeneration();
        firstSentInPhase = -1;
        sentInPhaseAcknowledged = false;
        firstReceivedInPhase = -1;
        sentSinceReceivedInPhase = false;
    }

    /** Derives the next generation ahead of time, so an update costs no key derivation on the packet path. */
    private void prepareNextGeneration() {
        nextSealer = new PacketSealer(nextSendKeys, sendHeaderProtection, confidentialityLimit);
        nextOpener = new PacketOpener(nextReceiveKeys, receiveHeaderProtection, failures);
    }

    private static void checkShortHeader(byte[] buf, int packetStart, int destinationCidLength) {
        if ((buf[packetStart] & 0x80) != 0 || destinationCidLength < 0 || destinationCidLength > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("not a short header with a connection id of "
                    + destinationCidLength + " bytes");
        }
    }
}
