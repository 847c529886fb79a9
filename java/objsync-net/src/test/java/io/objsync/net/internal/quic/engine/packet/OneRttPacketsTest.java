package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1-RTT packets between a client and a server, and key updates both ways (RFC 9001 section 6). */
class OneRttPacketsTest {

    private static final byte[] CLIENT_SECRET = filled(32, 0x11);
    private static final byte[] SERVER_SECRET = filled(32, 0x22);
    private static final byte[] CID = {1, 2, 3, 4, 5, 6, 7, 8};

    private OneRttPackets client;
    private OneRttPackets server;
    /** Largest packet number each side received. */
    private long clientLargest = -1;
    private long serverLargest = -1;

    @BeforeEach
    void connect() {
        client = new OneRttPackets(AeadAlgorithm.AES_128_GCM, CLIENT_SECRET, SERVER_SECRET, true);
        server = new OneRttPackets(AeadAlgorithm.AES_128_GCM, CLIENT_SECRET, SERVER_SECRET, false);
    }

    @Test
    void chachaPacketMatchesRfc9001A5() throws Exception {
        byte[] secret = KeyScheduleTest.RFC9001_CHACHA_SECRET;
        OneRttPackets sender = new OneRttPackets(AeadAlgorithm.CHACHA20_POLY1305, secret, secret, true);
        byte[] buf = new byte[21];
        int payloadOffset = sender.writeHeader(buf, 0, new byte[0], Rfc9001Vectors.CHACHA_PACKET_NUMBER, 3);
        assertEquals(Rfc9001Vectors.CHACHA_HEADER, Hex.string(buf, 0, 4));
        buf[payloadOffset] = 0x01;
        int end = sender.seal(buf, 0, 0, Rfc9001Vectors.CHACHA_PACKET_NUMBER, payloadOffset + 1);
        assertEquals(Rfc9001Vectors.CHACHA_PROTECTED, Hex.string(buf, 0, end));

        OneRttPackets receiver = new OneRttPackets(AeadAlgorithm.CHACHA20_POLY1305, secret, secret, false);
        OpenedPacket opened = new OpenedPacket();
        receiver.open(buf, 0, 0, end, Rfc9001Vectors.CHACHA_PACKET_NUMBER - 5, opened);
        assertEquals(Rfc9001Vectors.CHACHA_PACKET_NUMBER, opened.packetNumber());
        assertEquals(0x01, buf[opened.payloadOffset()]);
    }

    @Test
    void packetsFlowBothWaysInPhaseZero() throws Exception {
        for (int pn = 0; pn < 5; pn++) {
            assertEquals(pn, deliver(send(client, pn, "hello " + pn), server, "hello " + pn).packetNumber());
            deliver(send(server, pn, "world " + pn), client, "world " + pn);
        }
        assertEquals(0, client.keyGeneration());
        assertEquals(0, server.keyGeneration());
        assertEquals(5, client.packetsSealedWithCurrentKeys());
    }

    @Test
    void updateNeedsAnAcknowledgedPacketOfTheCurrentPhase() throws Exception {
        assertFalse(client.canInitiateKeyUpdate());
        assertThrows(IllegalStateException.class, client::initiateKeyUpdate);
        send(client, 0, "x");
        send(client, 1, "y");
        client.onPacketAcknowledged(1);
        assertTrue(client.canInitiateKeyUpdate());
        client.initiateKeyUpdate();
        assertEquals(1, client.keyPhase());
        // The acknowledgment of a packet from the previous phase does not allow the next update.
        client.onPacketAcknowledged(1);
        assertThrows(IllegalStateException.class, client::initiateKeyUpdate);
        send(client, 2, "z");
        client.onPacketAcknowledged(1);
        assertFalse(client.canInitiateKeyUpdate());
        client.onPacketAcknowledged(2);
        assertTrue(client.canInitiateKeyUpdate());
    }

    @Test
    void peerInitiatedUpdateIsFollowedAndOldPacketsStillOpen() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        byte[] late = send(client, 1, "late, phase 0");
        deliver(send(server, 0, "ack"), client, "ack");
        client.onPacketAcknowledged(0);
        client.initiateKeyUpdate();

        OpenedPacket opened = deliver(send(client, 2, "phase 1"), server, "phase 1");
        assertEquals(1, opened.keyPhase());
        assertEquals(1, server.keyGeneration());
        assertEquals(1, server.keyPhase());

        // Reordered: a packet of the old phase, with a lower packet number, opens with the previous keys.
        OpenedPacket old = deliver(late, server, "late, phase 0");
        assertEquals(0, old.keyPhase());
        assertEquals(1, server.keyGeneration());

        // The server now sends with the new keys, which the client already uses.
        assertEquals(1, deliver(send(server, 1, "reply in phase 1"), client, "reply in phase 1").keyPhase());
        assertEquals(1, client.keyGeneration());
    }

    @Test
    void discardedPreviousKeysNoLongerOpen() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        byte[] late = send(client, 1, "late");
        client.onPacketAcknowledged(0);
        client.initiateKeyUpdate();
        deliver(send(client, 2, "new"), server, "new");
        server.discardPreviousKeys();
        assertThrows(PacketDecryptionException.class, () -> server.open(late, 0, CID.length, late.length,
                serverLargest, new OpenedPacket()));
        assertEquals(1, server.keyGeneration());
    }

    @Test
    void locallyInitiatedUpdateStillOpensThePeersOldPhaseUntilItFollows() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        send(server, 0, "b");
        server.onPacketAcknowledged(0);
        server.initiateKeyUpdate();
        // The client has not seen the update; its next packets, with higher numbers, are of the old phase.
        OpenedPacket opened = deliver(send(client, 1, "still phase 0"), server, "still phase 0");
        assertEquals(0, opened.keyPhase());
        assertEquals(1, server.keyGeneration());

        deliver(send(server, 1, "phase 1"), client, "phase 1");
        assertEquals(1, client.keyGeneration());
        assertEquals(1, deliver(send(client, 2, "now phase 1"), server, "now phase 1").keyPhase());
        assertEquals(1, server.keyGeneration());
    }

    @Test
    void forgedPhaseFlipChangesNothing() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        byte[] forged = send(client, 1, "b");
        forged[0] ^= 0x04; // the protected key phase bit: now it claims the next phase
        assertThrows(PacketDecryptionException.class,
                () -> server.open(forged, 0, CID.length, forged.length, serverLargest, new OpenedPacket()));
        assertEquals(0, server.keyGeneration());
        deliver(send(client, 2, "c"), server, "c");
        // A genuine update still works afterwards.
        client.onPacketAcknowledged(2);
        client.initiateKeyUpdate();
        deliver(send(client, 3, "d"), server, "d");
        assertEquals(1, server.keyGeneration());
    }

    @Test
    void oldPhaseWithoutPreviousKeysIsDropped() throws Exception {
        deliver(send(client, 5, "a"), server, "a");
        byte[] older = send(client, 4, "older");
        older[0] ^= 0x04; // claims the other phase, below the first packet of the current one
        assertThrows(PacketDecryptionException.class,
                () -> server.open(older, 0, CID.length, older.length, serverLargest, new OpenedPacket()));
        assertEquals(0, server.keyGeneration());
    }

    @Test
    void truncatedDatagramIsDropped() {
        byte[] runt = {0x40, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0};
        assertThrows(PacketDecryptionException.class,
                () -> server.open(runt, 0, CID.length, runt.length, -1, new OpenedPacket()));
        assertThrows(PacketDecryptionException.class,
                () -> server.open(runt, 0, 20, runt.length, -1, new OpenedPacket())); // id longer than the packet
    }

    @Test
    void secondUpdateBeforeWeSentInTheNewPhaseIsAKeyUpdateError() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        client.onPacketAcknowledged(0);
        client.initiateKeyUpdate();
        deliver(send(client, 1, "phase 1"), server, "phase 1");
        // A misbehaving client updates again at once: the server never sent a packet of phase 1.
        client.onPacketAcknowledged(1);
        client.initiateKeyUpdate();
        byte[] again = send(client, 2, "generation 2");
        QuicTransportException error = assertThrows(QuicTransportException.class,
                () -> server.open(again, 0, CID.length, again.length, serverLargest, new OpenedPacket()));
        assertEquals(QuicTransportException.KEY_UPDATE_ERROR, error.errorCode());
    }

    @Test
    void secondUpdateAfterWeConfirmedTheFirstIsFollowed() throws Exception {
        deliver(send(client, 0, "a"), server, "a");
        client.onPacketAcknowledged(0);
        client.initiateKeyUpdate();
        deliver(send(client, 1, "phase 1"), server, "phase 1");
        deliver(send(server, 0, "acks 1, in phase 1"), client, "acks 1, in phase 1");
        client.onPacketAcknowledged(1);
        client.initiateKeyUpdate();
        assertEquals(0, deliver(send(client, 2, "generation 2"), server, "generation 2").keyPhase());
        assertEquals(2, server.keyGeneration());
        assertEquals(2, client.keyGeneration());
    }

    @Test
    void integrityLimitCountsFailuresAcrossKeyGenerations() throws Exception {
        server = new OneRttPackets(AeadAlgorithm.AES_128_GCM, CLIENT_SECRET, SERVER_SECRET, false, 1, 1L << 23);
        byte[] forged = send(client, 0, "a");
        forged[forged.length - 1] ^= 1;
        assertThrows(PacketDecryptionException.class,
                () -> server.open(forged.clone(), 0, CID.length, forged.length, -1, new OpenedPacket()));
        deliver(send(client, 1, "b"), server, "b");
        client.onPacketAcknowledged(1);
        client.initiateKeyUpdate();
        deliver(send(client, 2, "c"), server, "c");
        byte[] forgedAgain = send(client, 3, "d");
        forgedAgain[forgedAgain.length - 1] ^= 1;
        QuicTransportException limit = assertThrows(QuicTransportException.class,
                () -> server.open(forgedAgain, 0, CID.length, forgedAgain.length, serverLargest, new OpenedPacket()));
        assertEquals(QuicTransportException.AEAD_LIMIT_REACHED, limit.errorCode());
    }

    @Test
    void keyUpdateFallsDueBeforeTheConfidentialityLimitAndResetsTheCount() throws Exception {
        client = new OneRttPackets(AeadAlgorithm.AES_128_GCM, CLIENT_SECRET, SERVER_SECRET, true, 10, 8);
        for (int pn = 0; pn < 6; pn++) {
            assertFalse(client.keyUpdateDue());
            send(client, pn, "p");
        }
        assertTrue(client.keyUpdateDue()); // 3/4 of 8
        send(client, 6, "p");
        send(client, 7, "p");
        QuicTransportException limit = assertThrows(QuicTransportException.class, () -> send(client, 8, "p"));
        assertEquals(QuicTransportException.AEAD_LIMIT_REACHED, limit.errorCode());
        client.onPacketAcknowledged(7);
        client.initiateKeyUpdate();
        assertFalse(client.keyUpdateDue());
        assertEquals(0, client.packetsSealedWithCurrentKeys());
        deliver(send(client, 8, "fresh key"), server, "fresh key");
    }

    @Test
    void longHeaderIsRefusedAsACallerMistake() {
        byte[] buf = new byte[64];
        buf[0] = (byte) 0xc0;
        assertThrows(IllegalArgumentException.class, () -> server.open(buf, 0, 8, 64, -1, new OpenedPacket()));
        assertThrows(IllegalArgumentException.class, () -> client.seal(buf, 0, 8, 0, 20));
    }

    /** Seals a packet from {@code from} with a 4-byte packet number and {@code text} as payload. */
    private static byte[] send(OneRttPackets from, long packetNumber, String text) throws Exception {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] buf = new byte[1 + CID.length + 4 + payload.length + 16 + 7];
        int payloadOffset = from.writeHeader(buf, 0, CID, packetNumber, 4);
        System.arraycopy(payload, 0, buf, payloadOffset, payload.length);
        int end = from.seal(buf, 0, CID.length, packetNumber, payloadOffset + payload.length);
        return Arrays.copyOf(buf, end);
    }

    /** Opens {@code packet} at {@code to}, checks its payload is {@code text}, and tracks the largest number. */
    private OpenedPacket deliver(byte[] packet, OneRttPackets to, String text) throws Exception {
        OpenedPacket opened = new OpenedPacket();
        long largest = to == server ? serverLargest : clientLargest;
        to.open(packet, 0, CID.length, packet.length, largest, opened);
        assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Arrays.copyOfRange(packet, opened.payloadOffset(), opened.payloadOffset() + opened.payloadLength()));
        if (to == server) {
            serverLargest = Math.max(serverLargest, opened.packetNumber());
        } else {
            clientLargest = Math.max(clientLargest, opened.packetNumber());
        }
        return opened;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
