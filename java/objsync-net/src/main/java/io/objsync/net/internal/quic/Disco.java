package io.objsync.net.internal.quic;

import io.objsync.internal.java.HChaCha20;
import io.objsync.internal.java.XChaCha20SecretBox;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * iroh 0.35's disco messages (magicsock's path discovery), the part that makes an iroh 0.35 node answer QUIC
 * from our address: its magicsock drops datagrams from UDP sources it has no node for; a ping adds the sender's
 * node at the ping's source, and a pong to its own ping validates that path, which is where it then sends.
 * (iroh 0.90+ dropped disco and the rule.)
 *
 * <p>Layout (iroh 0.35 {@code disco.rs}, {@code key.rs}, crypto_box 0.9's {@code ChaChaBox}): {@code "TS💬"}
 * (6 bytes) ‖ the sender's Ed25519 key (32) ‖ tag (16) ‖ box(message) ‖ nonce (24). Messages start with type and
 * version 0: a ping (type 1) carries a 12-byte transaction id and the sender's key (124 bytes in all); a pong (type
 * 2) the ping's transaction id and the address the ping came from (address type 0 = UDP, 16 bytes of IPv6 or
 * IPv4-mapped address, the port little-endian: 111 bytes in all). The box is NaCl's secretbox over XChaCha20
 * ({@link XChaCha20SecretBox}; not the IETF AEAD, as a captured iroh ping showed) under HChaCha20(X25519(ours,
 * theirs), 16 zero bytes), the X25519 keys being the birational images of the two Ed25519 keys (the secret: the
 * first half of SHA-512 of the seed, as Ed25519 derives its scalar).
 */
final class Disco {

    /** {@code "TS"} and U+1F4AC in UTF-8: what starts every disco datagram. */
    static final byte[] MAGIC = {0x54, 0x53, (byte) 0xf0, (byte) 0x9f, (byte) 0x92, (byte) 0xac};
    static final int TX_ID_LENGTH = 12;
    static final int PING_LENGTH = 124;
    static final int PONG_LENGTH = 111;
    static final byte PING = 1;
    static final byte PONG = 2;

    private static final byte VERSION = 0;
    private static final int HEADER = MAGIC.length + NodeId.LENGTH;
    private static final int OVERHEAD = HEADER + XChaCha20SecretBox.TAG_LENGTH + XChaCha20SecretBox.NONCE_LENGTH;
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private Disco() {
    }

    /** An opened message: who sent it, its type, its transaction id and, for a pong, the address it names. */
    record Message(NodeId sender, byte type, byte[] txId, InetSocketAddress observed) {
    }

    /** A ping from {@code from} to {@code to} with a fresh transaction id and nonce. */
    static byte[] ping(NodeKey from, NodeId to, SecureRandom random) throws IOException {
        return ping(from, to, randomBytes(random, TX_ID_LENGTH), randomBytes(random, XChaCha20SecretBox.NONCE_LENGTH));
    }

    /** A ping with the given transaction id and nonce (tests). */
    static byte[] ping(NodeKey from, NodeId to, byte[] txId, byte[] nonce) throws IOException {
        byte[] plain = new byte[2 + TX_ID_LENGTH + NodeId.LENGTH];
        plain[0] = PING;
        plain[1] = VERSION;
        System.arraycopy(txId, 0, plain, 2, TX_ID_LENGTH);
        System.arraycopy(from.nodeId().toBytes(), 0, plain, 2 + TX_ID_LENGTH, NodeId.LENGTH);
        return seal(from, to, plain, nonce);
    }

    /** The pong to ping {@code txId} from {@code to}, which came from {@code observed}. */
    static byte[] pong(NodeKey from, NodeId to, byte[] txId, InetSocketAddress observed, SecureRandom random)
            throws IOException {
        return pong(from, to, txId, observed, randomBytes(random, XChaCha20SecretBox.NONCE_LENGTH));
    }

    /** A pong with the given nonce (tests). */
    static byte[] pong(NodeKey from, NodeId to, byte[] txId, InetSocketAddress observed, byte[] nonce)
            throws IOException {
        return seal(from, to, pongPlaintext(txId, observed), nonce);
    }

    /**
     * The pong answering the ping in {@code d[0, len)} addressed to {@code at}, which came from {@code from}: one
     * key agreement opens the ping and seals the pong.
     *
     * @throws IOException when {@code d} is not a ping to {@code at} (see {@link #open})
     */
    static byte[] answer(NodeKey at, byte[] d, int len, InetSocketAddress from, SecureRandom random)
            throws IOException {
        NodeId sender = sender(d, len);
        byte[] key = boxKey(at, sender);
        try {
            Message m = parse(sender, unbox(key, d, len), d);
            if (m.type() != PING) {
                throw new IOException("only a ping is answered");
            }
            return box(at.nodeId(), key, pongPlaintext(m.txId(), from),
                    randomBytes(random, XChaCha20SecretBox.NONCE_LENGTH));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] pongPlaintext(byte[] txId, InetSocketAddress observed) {
        byte[] plain = new byte[2 + TX_ID_LENGTH + 1 + 18];
        plain[0] = PONG;
        plain[1] = VERSION;
        System.arraycopy(txId, 0, plain, 2, TX_ID_LENGTH);
        plain[2 + TX_ID_LENGTH] = 0; // a UDP address
        byte[] ip = observed.getAddress().getAddress();
        int at = 2 + TX_ID_LENGTH + 1;
        if (ip.length == 4) { // IPv4-mapped IPv6
            plain[at + 10] = (byte) 0xff;
            plain[at + 11] = (byte) 0xff;
            System.arraycopy(ip, 0, plain, at + 12, 4);
        } else {
            System.arraycopy(ip, 0, plain, at, 16);
        }
        plain[at + 16] = (byte) observed.getPort();
        plain[at + 17] = (byte) (observed.getPort() >>> 8);
        return plain;
    }

    /** Whether {@code d[0, len)} is a disco datagram rather than QUIC (iroh tells them apart the same way). */
    static boolean isDisco(byte[] d, int len) {
        return isDisco(d, 0, len);
    }

    /** Whether {@code d[off, off + len)} is a disco datagram rather than QUIC. */
    static boolean isDisco(byte[] d, int off, int len) {
        return len >= MAGIC.length && Arrays.equals(d, off, off + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Opens a ping or pong in {@code d[0, len)} addressed to {@code at}.
     *
     * @throws IOException when it is not a well-formed ping or pong, or its box does not open (another recipient, a
     *                     damaged byte, a ping whose key inside is not its sender's)
     */
    static Message open(NodeKey at, byte[] d, int len) throws IOException {
        NodeId sender = sender(d, len);
        byte[] key = boxKey(at, sender);
        try {
            return parse(sender, unbox(key, d, len), d);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The sender named in a disco datagram's header, after checking its length and magic. */
    private static NodeId sender(byte[] d, int len) throws IOException {
        if (len < OVERHEAD + 2 + TX_ID_LENGTH || len > d.length || !isDisco(d, len)) {
            throw new IOException("not a disco message: " + len + " bytes");
        }
        try {
            return NodeId.of(Arrays.copyOfRange(d, MAGIC.length, HEADER));
        } catch (IllegalArgumentException e) {
            throw new IOException("disco message from an invalid key", e);
        }
    }

    private static byte[] unbox(byte[] key, byte[] d, int len) throws IOException {
        byte[] nonce = Arrays.copyOfRange(d, len - XChaCha20SecretBox.NONCE_LENGTH, len);
        byte[] plain = XChaCha20SecretBox.open(key, nonce, d, HEADER, len - HEADER - nonce.length);
        if (plain == null) {
            throw new IOException("disco message does not open");
        }
        return plain;
    }

    private static Message parse(NodeId sender, byte[] plain, byte[] d) throws IOException {
        if (plain[1] != VERSION) {
            throw new IOException("disco message of version " + plain[1]);
        }
        byte[] txId = Arrays.copyOfRange(plain, 2, 2 + TX_ID_LENGTH);
        int body = 2 + TX_ID_LENGTH;
        if (plain[0] == PING && plain.length == body + NodeId.LENGTH
                && Arrays.equals(plain, body, plain.length, d, MAGIC.length, HEADER)) {
            return new Message(sender, PING, txId, null);
        }
        if (plain[0] == PONG && plain.length == body + 19 && plain[body] == 0) {
            byte[] ip = Arrays.copyOfRange(plain, body + 1, body + 17);
            int port = (plain[body + 17] & 0xff) | (plain[body + 18] & 0xff) << 8;
            InetAddress addr = InetAddress.getByAddress(ip); // an IPv4-mapped address comes back as IPv4
            return new Message(sender, PONG, txId, new InetSocketAddress(addr, port));
        }
        throw new IOException("disco message is neither a ping from its sender nor a UDP pong (type " + plain[0] + ")");
    }

    private static byte[] seal(NodeKey from, NodeId to, byte[] plain, byte[] nonce) throws IOException {
        byte[] key = boxKey(from, to);
        try {
            return box(from.nodeId(), key, plain, nonce);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Magic, sender, secretbox of {@code plain} under {@code key}, nonce. */
    private static byte[] box(NodeId sender, byte[] key, byte[] plain, byte[] nonce) {
        byte[] sealed = XChaCha20SecretBox.seal(key, nonce, plain);
        byte[] out = new byte[HEADER + sealed.length + nonce.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(sender.toBytes(), 0, out, MAGIC.length, NodeId.LENGTH);
        System.arraycopy(sealed, 0, out, HEADER, sealed.length);
        System.arraycopy(nonce, 0, out, HEADER + sealed.length, nonce.length);
        return out;
    }

    /** The box key between {@code ours} and {@code theirs}: the same from either end. */
    private static byte[] boxKey(NodeKey ours, NodeId theirs) throws IOException {
        byte[] shared = x25519(ours, theirs);
        try {
            return HChaCha20.subkey(shared, new byte[HChaCha20.INPUT_LENGTH]);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static byte[] x25519(NodeKey ours, NodeId theirs) throws IOException {
        byte[] scalar = Arrays.copyOf(sha512(ours.seed()), 32); // X25519 clamps it as Ed25519 does
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey sk = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey pk = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, montgomeryU(theirs)));
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(sk);
            ka.doPhase(pk, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) { // a small-order key among them
            throw new IOException("no X25519 secret with " + theirs.shortForm(), e);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /** u = (1 + y) / (1 - y) mod p: the Montgomery point of an Edwards point (RFC 7748, section 4.1). */
    static BigInteger montgomeryU(NodeId id) throws IOException {
        byte[] le = id.toBytes();
        le[31] &= 0x7f; // the sign of x: no part of u
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        BigInteger y = new BigInteger(1, be).mod(P);
        BigInteger oneMinusY = BigInteger.ONE.subtract(y).mod(P);
        if (oneMinusY.signum() == 0) {
            throw new IOException("the identity point has no X25519 image");
        }
        return BigInteger.ONE.add(y).multiply(oneMinusY.modInverse(P)).mod(P);
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] sha512(byte[] seed) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(seed);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
