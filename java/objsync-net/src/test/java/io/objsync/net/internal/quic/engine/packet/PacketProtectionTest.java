package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sealing and opening packets with {@link PacketSealer} and {@link PacketOpener}. */
class PacketProtectionTest {

    private static final byte[] DCID = KeyScheduleTest.RFC9001_DCID;

    @Test
    void clientInitialMatchesRfc9001A2() throws Exception {
        byte[] header = Hex.bytes(Rfc9001Vectors.CLIENT_INITIAL_HEADER);
        byte[] payload = Arrays.copyOf(Hex.bytes(Rfc9001Vectors.CLIENT_INITIAL_CRYPTO_FRAME), 1162);
        byte[] buf = new byte[1200];
        System.arraycopy(header, 0, buf, 0, header.length);
        System.arraycopy(payload, 0, buf, header.length, payload.length);

        int end = new PacketSealer(PacketKeys.initial(DCID, true)).seal(buf, 0, 18, 2, header.length + payload.length);

        assertEquals(1200, end);
        assertEquals(Rfc9001Vectors.CLIENT_INITIAL_PROTECTED, Hex.string(buf));

        OpenedPacket opened = new OpenedPacket();
        new PacketOpener(PacketKeys.initial(DCID, true)).open(buf, 0, 18, 1200, -1, opened);
        assertEquals(2, opened.packetNumber());
        assertEquals(0xc3, opened.firstByte());
        assertEquals(22, opened.payloadOffset());
        assertEquals(1162, opened.payloadLength());
        assertEquals(Rfc9001Vectors.CLIENT_INITIAL_HEADER, Hex.string(buf, 0, 22));
        assertEquals(Hex.string(payload), Hex.string(buf, 22, 1162));
    }

    @Test
    void serverInitialMatchesRfc9001A3() throws Exception {
        byte[] header = Hex.bytes(Rfc9001Vectors.SERVER_INITIAL_HEADER);
        byte[] payload = Hex.bytes(Rfc9001Vectors.SERVER_INITIAL_PAYLOAD);
        byte[] buf = new byte[header.length + payload.length + 16];
        System.arraycopy(header, 0, buf, 0, header.length);
        System.arraycopy(payload, 0, buf, header.length, payload.length);

        int end = new PacketSealer(PacketKeys.initial(DCID, false)).seal(buf, 0, 18, 1, header.length + payload.length);

        assertEquals(buf.length, end);
        assertEquals(Rfc9001Vectors.SERVER_INITIAL_PROTECTED, Hex.string(buf));

        OpenedPacket opened = new OpenedPacket();
        new PacketOpener(PacketKeys.initial(DCID, false)).open(buf, 0, 18, end, 0, opened);
        assertEquals(1, opened.packetNumber());
        assertEquals(0xc1, opened.firstByte());
        assertEquals(Hex.string(payload), Hex.string(buf, opened.payloadOffset(), opened.payloadLength()));
    }

    @Test
    void chachaShortHeaderMatchesRfc9001A5() throws Exception {
        PacketKeys keys = PacketKeys.fromSecret(AeadAlgorithm.CHACHA20_POLY1305, KeyScheduleTest.RFC9001_CHACHA_SECRET);
        byte[] buf = new byte[21];
        System.arraycopy(Hex.bytes(Rfc9001Vectors.CHACHA_HEADER), 0, buf, 0, 4);
        buf[4] = 0x01;

        int end = new PacketSealer(keys).seal(buf, 0, 1, Rfc9001Vectors.CHACHA_PACKET_NUMBER, 5);

        assertEquals(21, end);
        assertEquals(Rfc9001Vectors.CHACHA_PROTECTED, Hex.string(buf));

        OpenedPacket opened = new OpenedPacket();
        new PacketOpener(keys).open(buf, 0, 1, 21, Rfc9001Vectors.CHACHA_PACKET_NUMBER - 1, opened);
        assertEquals(Rfc9001Vectors.CHACHA_PACKET_NUMBER, opened.packetNumber());
        assertEquals(0x42, opened.firstByte());
        assertEquals(0, opened.keyPhase());
        assertEquals(1, opened.payloadLength());
        assertEquals(0x01, buf[opened.payloadOffset()]);
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void packetsOfEveryShapeRoundTrip(AeadAlgorithm algorithm) throws Exception {
        Random random = new Random(algorithm.ordinal());
        PacketKeys keys = randomKeys(algorithm, random);
        PacketSealer sealer = new PacketSealer(keys);
        PacketOpener opener = new PacketOpener(keys);
        OpenedPacket opened = new OpenedPacket();
        long packetNumber = 0x12345;
        for (boolean longHeader : new boolean[] {true, false}) {
            for (int pnLength = 1; pnLength <= 4; pnLength++) {
                for (int payloadLength : new int[] {4 - pnLength, 17, 1400}) {
                    packetNumber++;
                    byte[] payload = new byte[payloadLength];
                    random.nextBytes(payload);
                    int pnOffset = longHeader ? 18 : 9;
                    byte[] buf = new byte[pnOffset + pnLength + payloadLength + 16];
                    random.nextBytes(buf); // the header's other bytes: anything, authenticated as they are
                    buf[0] = (byte) ((longHeader ? 0xc0 : 0x40) | (pnLength - 1));
                    PacketNumbers.write(buf, pnOffset, packetNumber, pnLength);
                    System.arraycopy(payload, 0, buf, pnOffset + pnLength, payloadLength);
                    byte[] header = Arrays.copyOf(buf, pnOffset + pnLength);

                    int end = sealer.seal(buf, 0, pnOffset, packetNumber, pnOffset + pnLength + payloadLength);
                    assertEquals(buf.length, end);
                    if (payloadLength > 16) {
                        assertFalse(Arrays.equals(payload,
                                Arrays.copyOfRange(buf, pnOffset + pnLength, pnOffset + pnLength + payloadLength)),
                                "payload left in clear");
                    }

                    opener.open(buf, 0, pnOffset, end, packetNumber - 1, opened);
                    String shape = algorithm + (longHeader ? " long" : " short") + " pn " + pnLength + "B";
                    assertEquals(packetNumber, opened.packetNumber(), shape);
                    assertEquals(header[0] & 0xff, opened.firstByte(), shape);
                    assertArrayEquals(header, Arrays.copyOf(buf, header.length), shape);
                    assertEquals(payloadLength, opened.payloadLength(), shape);
                    assertArrayEquals(payload, Arrays.copyOfRange(buf, opened.payloadOffset(),
                            opened.payloadOffset() + payloadLength), shape);
                }
            }
        }
        assertEquals(24, sealer.packetsSealed());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void everyFlippedBitMakesThePacketFailToOpen(AeadAlgorithm algorithm) throws Exception {
        Random random = new Random(42);
        PacketKeys keys = randomKeys(algorithm, random);
        byte[] sealed = sealShortPacket(new PacketSealer(keys), 77, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        PacketOpener opener = new PacketOpener(keys);
        OpenedPacket opened = new OpenedPacket();
        opener.open(sealed.clone(), 0, 9, sealed.length, 76, opened); // untouched, it opens
        // Header (first byte, connection id, packet number), payload and tag: no bit can change unnoticed.
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] forged = sealed.clone();
                forged[i] ^= (byte) (1 << bit);
                int at = i;
                PacketDecryptionException dropped = assertThrows(PacketDecryptionException.class,
                        () -> opener.open(forged, 0, 9, forged.length, 76, opened), "byte " + at);
                assertEquals(0, dropped.getStackTrace().length, "cheap to throw: no stack trace");
            }
        }
    }

    @Test
    void packetTooShortToSampleIsDroppedNotCrashed() throws Exception {
        PacketKeys keys = randomKeys(AeadAlgorithm.AES_128_GCM, new Random(1));
        byte[] sealed = sealShortPacket(new PacketSealer(keys), 1, new byte[] {1, 2, 3});
        PacketOpener opener = new PacketOpener(keys);
        assertThrows(PacketDecryptionException.class,
                () -> opener.open(sealed, 0, 9, sealed.length - 1, 0, new OpenedPacket()));
        byte[] tiny = {0x40, 1, 2};
        assertThrows(PacketDecryptionException.class, () -> opener.open(tiny, 0, 1, 3, 0, new OpenedPacket()));
    }

    @Test
    void sealRefusesCallerMistakes() {
        PacketSealer sealer = new PacketSealer(randomKeys(AeadAlgorithm.AES_128_GCM, new Random(2)));
        byte[] buf = new byte[64];
        buf[0] = 0x41; // 2-byte packet number at offset 1
        // 2 packet number bytes + 1 payload byte: too short to sample.
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buf, 0, 1, 0, 4));
        // No room for the tag.
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buf, 0, 1, 0, 60));
        // The header's packet number bytes are not those of the packet number given.
        PacketNumbers.write(buf, 1, 0x0102, 2);
        assertThrows(IllegalArgumentException.class, () -> sealer.seal(buf, 0, 1, 0x0103, 10));
        assertEquals(0, sealer.packetsSealed());
    }

    @Test
    void integrityLimitEndsOpeningWithAeadLimitReached() throws Exception {
        PacketKeys keys = randomKeys(AeadAlgorithm.CHACHA20_POLY1305, new Random(3));
        PacketOpener opener = new PacketOpener(keys, HeaderProtection.of(keys), new AuthenticationFailures(2));
        PacketSealer sealer = new PacketSealer(keys);
        OpenedPacket opened = new OpenedPacket();
        for (int i = 0; i < 2; i++) {
            byte[] forged = sealShortPacket(sealer, i, new byte[] {9, 9, 9, 9});
            forged[forged.length - 1] ^= 1;
            assertThrows(PacketDecryptionException.class, () -> opener.open(forged, 0, 9, forged.length, -1, opened));
        }
        byte[] third = sealShortPacket(sealer, 2, new byte[] {9, 9, 9, 9});
        third[third.length - 1] ^= 1;
        QuicTransportException limit = assertThrows(QuicTransportException.class,
                () -> opener.open(third, 0, 9, third.length, -1, opened));
        assertEquals(QuicTransportException.AEAD_LIMIT_REACHED, limit.errorCode());
        // RFC 9001 6.6: and no more packets are processed, authentic or not.
        byte[] genuine = sealShortPacket(sealer, 3, new byte[] {9, 9, 9, 9});
        QuicTransportException after = assertThrows(QuicTransportException.class,
                () -> opener.open(genuine, 0, 9, genuine.length, -1, opened));
        assertEquals(QuicTransportException.AEAD_LIMIT_REACHED, after.errorCode());
    }

    @Test
    void confidentialityLimitStopsSealing() throws Exception {
        PacketKeys keys = randomKeys(AeadAlgorithm.AES_256_GCM, new Random(4));
        PacketSealer sealer = new PacketSealer(keys, HeaderProtection.of(keys), 2);
        sealShortPacket(sealer, 0, new byte[4]);
        sealShortPacket(sealer, 1, new byte[4]);
        QuicTransportException limit = assertThrows(QuicTransportException.class,
                () -> sealShortPacket(sealer, 2, new byte[4]));
        assertEquals(QuicTransportException.AEAD_LIMIT_REACHED, limit.errorCode());
    }

    @Test
    void authenticPacketWithReservedBitsIsAProtocolViolation() throws Exception {
        PacketKeys keys = randomKeys(AeadAlgorithm.AES_128_GCM, new Random(5));
        PacketSealer sealer = new PacketSealer(keys);
        PacketOpener opener = new PacketOpener(keys);
        int packetNumber = 7;
        for (int firstByte : new int[] {0xc0 | 0x04, 0xc0 | 0x08, 0x40 | 0x08, 0x40 | 0x10}) {
            byte[] buf = new byte[40];
            buf[0] = (byte) firstByte; // 1-byte packet number at offset 9
            buf[9] = (byte) packetNumber;
            int end = sealer.seal(buf, 0, 9, packetNumber, 20);
            long largest = packetNumber++ - 1;
            QuicTransportException violation = assertThrows(QuicTransportException.class,
                    () -> opener.open(buf, 0, 9, end, largest, new OpenedPacket()));
            assertEquals(QuicTransportException.PROTOCOL_VIOLATION, violation.errorCode());
        }
    }

    @Test
    void duplicateChachaPacketOpensTwice() throws Exception {
        // Java 17's ChaCha20-Poly1305 refuses a second init with the same key and nonce; a duplicate must not.
        PacketKeys keys = randomKeys(AeadAlgorithm.CHACHA20_POLY1305, new Random(6));
        byte[] sealed = sealShortPacket(new PacketSealer(keys), 5, new byte[] {1, 2, 3, 4, 5});
        PacketOpener opener = new PacketOpener(keys);
        OpenedPacket opened = new OpenedPacket();
        for (int i = 0; i < 3; i++) {
            byte[] copy = sealed.clone();
            opener.open(copy, 0, 9, copy.length, 4, opened);
            assertEquals(5, opened.packetNumber());
            assertEquals(5, copy[opened.payloadOffset() + 4]);
        }
    }

    /** Keys from a random secret. */
    static PacketKeys randomKeys(AeadAlgorithm algorithm, Random random) {
        byte[] secret = new byte[algorithm.hashLength()];
        random.nextBytes(secret);
        return PacketKeys.fromSecret(algorithm, secret);
    }

    /** A sealed short-header packet with an 8-byte connection id and a 2-byte packet number. */
    static byte[] sealShortPacket(PacketSealer sealer, long packetNumber, byte[] payload) throws Exception {
        byte[] buf = new byte[1 + 8 + 2 + payload.length + 16];
        buf[0] = 0x41;
        System.arraycopy(DCID, 0, buf, 1, 8);
        PacketNumbers.write(buf, 9, packetNumber, 2);
        System.arraycopy(payload, 0, buf, 11, payload.length);
        int end = sealer.seal(buf, 0, 9, packetNumber, 11 + payload.length);
        assertEquals(buf.length, end);
        return buf;
    }
}
