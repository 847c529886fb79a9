package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * iroh 0.35's disco ping as we write it: its layout, the box opening at the recipient only, and the Ed25519 to
 * X25519 conversion checked against the JDK's own X25519 (a live iroh node accepting it is
 * {@code IrohQuicInteropTest.weDownloadFromAnIrohNodeThatWasNeverToldOurAddress}).
 */
class DiscoTest {

    private static final NodeKey ALICE = NodeKey.fromSeed(seed(1));
    private static final NodeKey BOB = NodeKey.fromSeed(seed(2));
    private static final byte[] TX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    private static final byte[] NONCE = seed(3, 24);

    private static Disco.Message open(NodeKey at, byte[] d) throws IOException {
        return Disco.open(at, d, d.length);
    }

    private static byte[] seed(int b) {
        return seed(b, 32);
    }

    private static byte[] seed(int b, int len) {
        byte[] s = new byte[len];
        Arrays.fill(s, (byte) b);
        return s;
    }

    /**
     * A ping a real iroh 0.35 node (npm {@code @number0/iroh} 0.35.0, node id {@code 4ea01bff...}) sent to the node
     * with seed 05 x 32 while dialling it, captured off our socket: we open it, so our box is iroh's.
     */
    @Test
    void opensAPingARealIrohNodeSent() throws IOException {
        byte[] captured = java.util.HexFormat.of().parseHex(
                "5453f09f92ac4ea01bfff2c052d47c290b8dbb586eea4fc28ba1abac113b02c1300b08f7a6566005333d5454b82aac40481df9c45571855735b12b5eaaca"
                + "8680d2cfbc8844b2700d7b63b8e1345e40ea1f0cf65437d49b884ba1d3d71c1070ef1c22dbd2249998aaae28a2ec7883e7bdd5cf96e90dd1cee33a762ffd");

        Disco.Message got = open(NodeKey.fromSeed(seed(5)), captured);

        assertEquals(NodeId.parse("4ea01bfff2c052d47c290b8dbb586eea4fc28ba1abac113b02c1300b08f7a656"), got.sender());
        assertEquals(Disco.PING, got.type());
        assertArrayEquals(java.util.HexFormat.of().parseHex("9de91764a02719515cb8d05a"), got.txId());
    }

    @Test
    void hasIrohsLayout() throws IOException {
        byte[] ping = Disco.ping(ALICE, BOB.nodeId(), TX, NONCE);

        assertEquals(124, ping.length);
        assertArrayEquals(new byte[] {'T', 'S', (byte) 0xf0, (byte) 0x9f, (byte) 0x92, (byte) 0xac},
                Arrays.copyOf(ping, 6));
        assertArrayEquals(ALICE.nodeId().toBytes(), Arrays.copyOfRange(ping, 6, 38));
        assertArrayEquals(NONCE, Arrays.copyOfRange(ping, 100, 124)); // after the tag (16) and the box (46)
        assertTrue(Disco.isDisco(ping, ping.length));
    }

    @Test
    void opensAtItsRecipientWithSenderAndTransactionId() throws IOException {
        Disco.Message got = open(BOB, Disco.ping(ALICE, BOB.nodeId(), TX, NONCE));

        assertEquals(ALICE.nodeId(), got.sender());
        assertEquals(Disco.PING, got.type());
        assertArrayEquals(TX, got.txId());
    }

    @Test
    void freshPingsDifferInTransactionIdAndNonce() throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] a = Disco.ping(ALICE, BOB.nodeId(), random);
        byte[] b = Disco.ping(ALICE, BOB.nodeId(), random);

        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(open(BOB, a).txId(), open(BOB, b).txId()));
    }

    /** iroh's own disco test addresses: 2.3.4.5:1234 (IPv4-mapped on the wire) and [fed0::12]:6666. */
    @Test
    void pongsCarryTheTransactionAndTheObservedAddress() throws Exception {
        for (String host : new String[] {"2.3.4.5", "fed0::12"}) {
            java.net.InetSocketAddress observed = new java.net.InetSocketAddress(
                    java.net.InetAddress.getByName(host), host.contains(":") ? 6666 : 1234);
            byte[] pong = Disco.pong(BOB, ALICE.nodeId(), TX, observed, NONCE);

            assertEquals(Disco.PONG_LENGTH, pong.length);
            Disco.Message got = open(ALICE, pong);
            assertEquals(BOB.nodeId(), got.sender());
            assertEquals(Disco.PONG, got.type());
            assertArrayEquals(TX, got.txId());
            assertEquals(observed, got.observed());
        }
    }

    @Test
    void anyOtherRecipientCannotOpenIt() throws IOException {
        byte[] ping = Disco.ping(ALICE, BOB.nodeId(), TX, NONCE);

        assertThrows(IOException.class, () -> open(NodeKey.fromSeed(seed(4)), ping));
        assertThrows(IOException.class, () -> open(ALICE, ping));
    }

    @Test
    void everyDamagedByteIsRefused() throws IOException {
        byte[] ping = Disco.ping(ALICE, BOB.nodeId(), TX, NONCE);
        for (int i = 0; i < ping.length; i++) {
            byte[] bad = ping.clone();
            bad[i] ^= 0x01;
            assertThrows(IOException.class, () -> open(BOB, bad), "byte " + i);
        }
        assertThrows(IOException.class, () -> open(BOB, Arrays.copyOf(ping, 123)));
        assertThrows(IOException.class, () -> open(BOB, Arrays.copyOf(ping, 125)));
    }

    @Test
    void aQuicPacketIsNotDisco() {
        byte[] initial = new byte[1200];
        initial[0] = (byte) 0xc3;
        assertFalse(Disco.isDisco(initial, initial.length));
        assertFalse(Disco.isDisco(new byte[] {'T', 'S', (byte) 0xf0}, 3));
    }

    /** The birational image of an Ed25519 key is the X25519 key of the seed's scalar, as the JDK computes it. */
    @Test
    void montgomeryImageIsTheX25519KeyOfTheSameScalar() throws Exception {
        for (int i = 0; i < 20; i++) {
            NodeKey k = NodeKey.generate();
            byte[] scalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(k.seed()), 32);
            KeyFactory kf = KeyFactory.getInstance("XDH");
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
            byte[] le = ka.generateSecret(); // scalar times the base point: the X25519 public key, little-endian

            assertEquals(littleEndian(le), Disco.montgomeryU(k.nodeId()));
        }
    }

    private static BigInteger littleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    @Test
    void theIdentityHasNoImage() {
        byte[] identity = new byte[32];
        identity[0] = 1; // y = 1, x = 0
        NodeId id;
        try {
            id = NodeId.of(identity);
        } catch (IllegalArgumentException e) {
            return; // refused even earlier, as an id
        }
        assertThrows(IOException.class, () -> Disco.montgomeryU(id));
    }
}
