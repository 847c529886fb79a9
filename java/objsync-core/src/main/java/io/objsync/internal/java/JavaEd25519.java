package io.objsync.internal.java;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 in Java that accepts and rejects exactly what libsodium 1.0.18's
 * {@code crypto_sign_ed25519_verify_detached} does (the default build, without {@code ED25519_COMPAT}).
 *
 * <p>Verification mirrors libsodium step by step, in the same order:
 * <ol>
 * <li>S must be below the group order L ({@code sc25519_is_canonical});</li>
 * <li>R must not be one of the blacklisted small-order encodings ({@code ge25519_has_small_order}, which
 *     compares with the sign bit ignored);</li>
 * <li>A must be canonical, y &lt; p ({@code ge25519_is_canonical}), and not blacklisted;</li>
 * <li>A must decode ({@code ge25519_frombytes_negate_vartime});</li>
 * <li>h = SHA-512(R || A || M) mod L; R' = [S]B - [h]A, computed with complete formulas, so it is the exact
 *     group element libsodium computes, cofactorless;</li>
 * <li>the canonical encoding of R' must equal the signature's first 32 bytes, byte for byte (which also
 *     rejects every non-canonical R).</li>
 * </ol>
 * The public key is [a]B for the clamped SHA-512 of the seed (constant-time table scan); signing is RFC 8032
 * deterministic, delegated to the JDK's EdDSA ({@code SunEC}), whose output is fully determined by the seed
 * and message. The tests compare every step with the native (libsodium) backend.
 */
final class JavaEd25519 {

    /** The group order L = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger ORDER = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] ORDER_LE = toLittleEndian(ORDER);

    /**
     * libsodium's small-order blacklist (compared with the top bit masked off): 0 (order 4), 1 (order 1), the two
     * y of the order-8 points, p - 1 (order 2), and the non-canonical p (= 0) and p + 1 (= 1).
     */
    private static final byte[][] SMALL_ORDER = {
        new byte[32],
        HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000000"),
        HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        HexFormat.of().parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
        HexFormat.of().parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HexFormat.of().parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HexFormat.of().parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    };

    private JavaEd25519() {
    }

    static void publicKey(byte[] seed, byte[] out) {
        byte[] hash = sha512().digest(seed);
        byte[] scalar = Arrays.copyOf(hash, 32);
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        Edwards25519 curve = new Edwards25519();
        long[][] a = Edwards25519.point();
        curve.scalarMultBase(a, scalar);
        curve.encode(out, 0, a);
        Arrays.fill(hash, (byte) 0);
        Arrays.fill(scalar, (byte) 0);
    }

    /**
     * RFC 8032 signing through the JDK. The signature depends only on the seed and message; {@code publicKey}
     * is the seed's own key (the public API derives it), so it equals what libsodium signs with.
     */
    static void sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] sigOut) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(msg.duplicate());
            byte[] sig = signer.sign();
            System.arraycopy(sig, 0, sigOut, 0, 64);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's Ed25519 failed", e);
        }
    }

    static boolean verify(byte[] publicKey, ByteBuffer msg, byte[] sig) {
        return verify(publicKey, 0, msg, sig, 0);
    }

    private static boolean verify(byte[] pks, int pkOff, ByteBuffer msg, byte[] sigs, int sigOff) {
        if (!isCanonicalScalar(sigs, sigOff + 32) || hasSmallOrder(sigs, sigOff)) {
            return false;
        }
        if (!isCanonicalPoint(pks, pkOff) || hasSmallOrder(pks, pkOff)) {
            return false;
        }
        Edwards25519 curve = new Edwards25519();
        long[][] a = Edwards25519.point();
        if (!curve.decode(a, pks, pkOff)) {
            return false;
        }
        Edwards25519.negate(a, a);
        MessageDigest sha = sha512();
        sha.update(sigs, sigOff, 32);
        sha.update(pks, pkOff, 32);
        sha.update(msg.duplicate());
        byte[] h = reduce(sha.digest());
        long[][] r = Edwards25519.point();
        curve.doubleScalarMultVartime(r, h, a, Arrays.copyOfRange(sigs, sigOff + 32, sigOff + 64));
        byte[] check = new byte[32];
        curve.encode(check, 0, r);
        return Arrays.equals(check, 0, 32, sigs, sigOff, sigOff + 32);
    }

    /**
     * Verifies the triples one after another, like libsodium's loop: the public API
     * ({@code io.objsync.crypto.Ed25519BatchVerifier}) already spreads batches over threads for every backend.
     */
    static void verifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages, int[] msgOffsets,
                            byte[] results) {
        for (int i = 0; i < count; i++) {
            ByteBuffer msg = ByteBuffer.wrap(messages, msgOffsets[i], msgOffsets[i + 1] - msgOffsets[i]);
            results[i] = (byte) (verify(publicKeys, 32 * i, msg, signatures, 64 * i) ? 1 : 0);
        }
    }

    /** libsodium's {@code sc25519_is_canonical}: the 32 little-endian bytes are below L. */
    static boolean isCanonicalScalar(byte[] s, int off) {
        for (int i = 31; i >= 0; i--) {
            int x = s[off + i] & 0xFF;
            int l = ORDER_LE[i] & 0xFF;
            if (x != l) {
                return x < l;
            }
        }
        return false; // equal to L
    }

    /** libsodium's {@code ge25519_is_canonical}: y (top bit ignored) is below p. */
    static boolean isCanonicalPoint(byte[] s, int off) {
        if ((s[off + 31] & 0x7F) != 0x7F) {
            return true;
        }
        for (int i = 30; i > 0; i--) {
            if ((s[off + i] & 0xFF) != 0xFF) {
                return true;
            }
        }
        return (s[off] & 0xFF) < 0xED;
    }

    /** libsodium's {@code ge25519_has_small_order}: the encoding, top bit ignored, is on the blacklist. */
    static boolean hasSmallOrder(byte[] s, int off) {
        for (byte[] bad : SMALL_ORDER) {
            if (Arrays.equals(s, off, off + 31, bad, 0, 31) && (s[off + 31] & 0x7F) == bad[31]) {
                return true;
            }
        }
        return false;
    }

    /** A 64-byte little-endian number reduced mod L, as 32 little-endian bytes. */
    private static byte[] reduce(byte[] wide) {
        byte[] be = new byte[wide.length];
        for (int i = 0; i < wide.length; i++) {
            be[i] = wide[wide.length - 1 - i];
        }
        return toLittleEndian(new BigInteger(1, be).mod(ORDER));
    }

    private static byte[] toLittleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every JDK", e);
        }
    }

}
