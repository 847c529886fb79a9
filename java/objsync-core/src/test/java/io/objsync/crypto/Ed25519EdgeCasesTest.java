package io.objsync.crypto;

import static io.objsync.crypto.Ed25519Reference.BASE;
import static io.objsync.crypto.Ed25519Reference.L;
import static io.objsync.crypto.Ed25519Reference.P;
import static io.objsync.crypto.Ed25519Reference.TORSION;
import static io.objsync.crypto.Ed25519Reference.challenge;
import static io.objsync.crypto.Ed25519Reference.le;
import static io.objsync.crypto.Ed25519Reference.signature;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.crypto.Ed25519Reference.Point;
import io.objsync.spi.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Signatures crafted at every boundary where Ed25519 verifiers are known to disagree, each checked on every
 * backend against {@link Ed25519Reference#verifyLikeLibsodium}, an independent restatement of libsodium
 * 1.0.18's rules. In the bindings module the native backends are libsodium itself, so the same run shows
 * that the restatement, the pure-Java backend and libsodium agree on every case.
 *
 * <p>Many cases satisfy the plain group equation [S]B = R + [h]A and are rejected only by one of libsodium's
 * extra checks (canonical S, small-order R or A); a verifier missing a check would accept them, and
 * {@link #craftedCasesHitEveryRule()} proves the cases really are of that kind.
 */
class Ed25519EdgeCasesTest {

    /** One crafted triple with the rule it probes and whether the group equation alone would accept it. */
    record Case(String name, byte[] pk, byte[] msg, byte[] sig, boolean equationHolds, boolean expected) {
        Case(String name, byte[] pk, byte[] msg, byte[] sig, boolean equationHolds) {
            this(name, pk, msg, sig, equationHolds, Ed25519Reference.verifyLikeLibsodium(pk, msg, sig));
        }
    }

    private static final byte[] SEED = new byte[32];
    private static final BigInteger SECRET;
    private static final Point A0;
    private static final List<Case> CASES;

    static {
        for (int i = 0; i < 32; i++) {
            SEED[i] = (byte) (i * 7 + 3);
        }
        SECRET = Ed25519Reference.secretScalar(SEED);
        A0 = BASE.times(SECRET);
        CASES = buildCases();
    }

    private static List<Case> buildCases() {
        List<Case> cases = new ArrayList<>();
        byte[] pk = A0.encode();
        Random rnd = new Random(25519);

        // A valid signature with a random nonce, then its S lifted by multiples of L (equation still holds).
        byte[] msg = "edge cases".getBytes(StandardCharsets.US_ASCII);
        BigInteger r = new BigInteger(256, rnd).mod(L);
        byte[] rEnc = BASE.times(r).encode();
        BigInteger s = r.add(challenge(rEnc, pk, msg).mod(L).multiply(SECRET)).mod(L);
        cases.add(new Case("valid", pk, msg, signature(rEnc, s), true));
        for (int k = 1; s.add(L.multiply(BigInteger.valueOf(k))).bitLength() <= 256; k++) {
            cases.add(new Case("S + " + k + "L", pk, msg, signature(rEnc, s.add(L.multiply(BigInteger.valueOf(k)))),
                    true));
        }
        cases.add(new Case("S = L", pk, msg, signature(rEnc, L), false));
        cases.add(new Case("S = L + 1", pk, msg, signature(rEnc, L.add(BigInteger.ONE)), false));
        cases.add(new Case("S = L - 1", pk, msg, signature(rEnc, L.subtract(BigInteger.ONE)), false));
        cases.add(new Case("S top three bits set", pk, msg, signature(rEnc, s.setBit(253).setBit(254).setBit(255)),
                false));

        // Every small-order point as R, with and without the sign bit; for R = identity the equation holds.
        for (Point t : TORSION) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] enc = withSign(le(t.y(), 32), sign);
                BigInteger sr = challenge(enc, pk, msg).mod(L).multiply(SECRET).mod(L);
                boolean holds = t.equals(Point.IDENTITY);
                cases.add(new Case("small-order R " + hexStart(enc), pk, msg, signature(enc, sr), holds));
            }
        }
        // The non-canonical small-order encodings p (= 0) and p + 1 (= 1) as R.
        for (int k = 0; k < 2; k++) {
            byte[] enc = le(P.add(BigInteger.valueOf(k)), 32);
            BigInteger sr = challenge(enc, pk, msg).mod(L).multiply(SECRET).mod(L);
            cases.add(new Case("R = p + " + k, pk, msg, signature(enc, sr), k == 1));
        }

        // Every small-order point as A (and the non-canonical p, p + 1): R = [r]B, S = r satisfies the equation
        // whenever [h mod L]A is the identity; search messages until it does.
        List<byte[]> smallA = new ArrayList<>();
        for (Point t : TORSION) {
            smallA.add(le(t.y(), 32));
            smallA.add(withSign(le(t.y(), 32), 1));
        }
        smallA.add(le(P, 32));
        smallA.add(le(P.add(BigInteger.ONE), 32));
        for (byte[] a : smallA) {
            Point ap = Ed25519Reference.decode(a);
            for (int i = 0; ; i++) {
                byte[] m = ("small-order A " + i).getBytes(StandardCharsets.US_ASCII);
                BigInteger h = challenge(rEnc, a, m).mod(L);
                if (ap.times(h).equals(Point.IDENTITY)) {
                    cases.add(new Case("small-order A " + hexStart(a), a, m, signature(rEnc, r), true));
                    break;
                }
            }
        }

        // Non-canonical A and R: y = p + k for k < 19 (the only y >= p that fit), both signs.
        for (int k = 0; k < 19; k++) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] enc = withSign(le(P.add(BigInteger.valueOf(k)), 32), sign);
                cases.add(new Case("non-canonical A y = p + " + k + " sign " + sign, enc, msg, signature(rEnc, s),
                        false));
                cases.add(new Case("non-canonical R y = p + " + k + " sign " + sign, pk, msg, signature(enc, s),
                        false));
            }
        }
        // x = 0 with the sign bit set (y = 1 and y = -1), as A and as R.
        for (BigInteger y : new BigInteger[] {BigInteger.ONE, P.subtract(BigInteger.ONE)}) {
            byte[] enc = withSign(le(y, 32), 1);
            cases.add(new Case("x = 0 sign set A, y = " + hexStart(enc), enc, msg, signature(rEnc, r),
                    y.equals(BigInteger.ONE)));
            cases.add(new Case("x = 0 sign set R, y = " + hexStart(enc), pk, msg, signature(enc, s), false));
        }
        // A y with no point on the curve (y = 2 has none).
        byte[] offCurve = le(BigInteger.TWO, 32);
        cases.add(new Case("A off the curve", offCurve, msg, signature(rEnc, s), false));

        // Mixed-order keys A = A0 + T: a signature made with the secret of A0 verifies exactly when
        // [h mod L]T is the identity; libsodium reduces h mod L first, so h mod 8 alone would decide differently.
        for (int ti = 1; ti < 8; ti++) {
            Point t = TORSION[ti];
            byte[] a = A0.add(t).encode();
            for (int i = 0; i < 12; i++) {
                byte[] m = ("mixed-order A " + ti + " " + i).getBytes(StandardCharsets.US_ASCII);
                BigInteger h = challenge(rEnc, a, m).mod(L);
                BigInteger sm = r.add(h.multiply(SECRET)).mod(L);
                cases.add(new Case("mixed-order A, T" + ti + ", msg " + i, a, m, signature(rEnc, sm),
                        t.times(h).equals(Point.IDENTITY)));
            }
        }
        // Mixed-order R = [r]B + T against a prime-order key (never holds) and a mixed-order key (holds when
        // T + [h mod L]T' is the identity).
        for (int ti = 1; ti < 8; ti++) {
            byte[] rm = BASE.times(r).add(TORSION[ti]).encode();
            BigInteger h = challenge(rm, pk, msg).mod(L);
            cases.add(new Case("mixed-order R, T" + ti, pk, msg, signature(rm, r.add(h.multiply(SECRET)).mod(L)),
                    false));
            Point t2 = TORSION[(ti * 3) % 8];
            byte[] a = A0.add(t2).encode();
            for (int i = 0; i < 8; i++) {
                byte[] m = ("mixed-order R and A " + ti + " " + i).getBytes(StandardCharsets.US_ASCII);
                BigInteger h2 = challenge(rm, a, m).mod(L);
                cases.add(new Case("mixed-order R and A, T" + ti + ", msg " + i, a, m,
                        signature(rm, r.add(h2.multiply(SECRET)).mod(L)),
                        TORSION[ti].add(t2.times(h2)).equals(Point.IDENTITY)));
            }
        }

        // Bit flips of a valid signature, its key and its message.
        for (int bit = 0; bit < 512; bit += 5) {
            byte[] sig = signature(rEnc, s);
            sig[bit >>> 3] ^= (byte) (1 << (bit & 7));
            cases.add(new Case("signature bit " + bit, pk, msg, sig, false));
        }
        for (int bit = 0; bit < 256; bit += 9) {
            byte[] flipped = pk.clone();
            flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
            cases.add(new Case("key bit " + bit, flipped, msg, signature(rEnc, s), false));
        }
        for (int bit = 0; bit < msg.length * 8; bit += 11) {
            byte[] m = msg.clone();
            m[bit >>> 3] ^= (byte) (1 << (bit & 7));
            cases.add(new Case("message bit " + bit, pk, m, signature(rEnc, s), false));
        }
        return cases;
    }

    @Test
    void craftedCasesHitEveryRule() {
        // The reference must not be vacuous: crafted cases that satisfy the equation are rejected only by
        // libsodium's extra rules, and every kind of case occurs.
        int acceptedMixed = 0;
        int rejectedMixed = 0;
        for (Case c : CASES) {
            boolean verdict = c.expected;
            if (c.name.equals("valid")) {
                assertTrue(verdict);
            } else if (c.name.startsWith("S + ") || c.name.startsWith("small-order") || c.name.startsWith("R = p")
                    || c.name.startsWith("x = 0")) {
                assertFalse(verdict, c.name);
            } else if (c.name.startsWith("mixed-order")) {
                assertEquals(c.equationHolds, verdict, c.name);
                if (verdict) {
                    acceptedMixed++;
                } else {
                    rejectedMixed++;
                }
            } else {
                assertFalse(verdict, c.name);
            }
        }
        long holdsButRejected = CASES.stream().filter(c -> c.equationHolds && !c.expected).count();
        assertTrue(holdsButRejected >= 30, holdsButRejected + " cases rejected by an extra rule only");
        assertTrue(acceptedMixed > 0 && rejectedMixed > 0, acceptedMixed + " accepted, " + rejectedMixed
                + " rejected mixed-order cases");
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyBackendAgreesWithLibsodiumRules(Backend backend) {
        Ed25519Engine engine = Ed25519Engine.of(backend);
        assertArrayEquals(A0.encode(), engine.fromSeed(SEED).publicKey().toBytes());
        List<String> wrong = new ArrayList<>();
        Ed25519BatchVerifier batch = new Ed25519BatchVerifier(engine, 2);
        for (Case c : CASES) {
            Ed25519PublicKey key = Ed25519PublicKey.fromBytes(c.pk);
            if (engine.verify(key, ByteBuffer.wrap(c.msg), c.sig) != c.expected) {
                wrong.add(c.name + " (expected " + c.expected + ")");
            }
            batch.add(key, c.msg, c.sig);
        }
        assertEquals(List.of(), wrong);
        Ed25519BatchVerifier.Result result = batch.verify();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            assertEquals(c.expected, result.isValid(i), c.name);
        }
    }

    private static byte[] withSign(byte[] enc, int sign) {
        enc[31] = (byte) ((enc[31] & 0x7F) | (sign << 7));
        return enc;
    }

    private static String hexStart(byte[] enc) {
        return io.objsync.testing.TestVectors.hex(enc).substring(0, 8) + ".." + String.format("%02x", enc[31]);
    }
}
