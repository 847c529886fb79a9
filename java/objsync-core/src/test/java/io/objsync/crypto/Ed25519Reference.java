package io.objsync.crypto;

import io.objsync.testing.TestVectors;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A slow, obviously-correct edwards25519 in affine coordinates over BigInteger (RFC 8032 section 5.1), written
 * independently of the backends, to craft edge-case signatures: points of small and mixed order, non-canonical
 * encodings, scalars at and above the group order.
 */
final class Ed25519Reference {

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    /** An affine point. */
    record Point(BigInteger x, BigInteger y) {
        static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);

        Point add(Point q) {
            BigInteger t = D.multiply(x).multiply(q.x).multiply(y).multiply(q.y).mod(P);
            BigInteger x3 = x.multiply(q.y).add(q.x.multiply(y)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
            BigInteger y3 = y.multiply(q.y).add(x.multiply(q.x)).multiply(BigInteger.ONE.subtract(t).mod(P)
                    .modInverse(P)).mod(P);
            return new Point(x3, y3);
        }

        Point negate() {
            return new Point(x.negate().mod(P), y);
        }

        /** [k]this, by double-and-add in extended coordinates (one inversion at the end). */
        Point times(BigInteger k) {
            BigInteger[] r = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
            BigInteger[] q = {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
            for (int i = k.bitLength() - 1; i >= 0; i--) {
                r = extendedAdd(r, r);
                if (k.testBit(i)) {
                    r = extendedAdd(r, q);
                }
            }
            BigInteger zi = r[2].modInverse(P);
            return new Point(r[0].multiply(zi).mod(P), r[1].multiply(zi).mod(P));
        }

        /** RFC 8032 5.1.4 addition in extended coordinates (X, Y, Z, T). */
        private static BigInteger[] extendedAdd(BigInteger[] p, BigInteger[] q) {
            BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
            BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
            BigInteger c = p[3].multiply(D).shiftLeft(1).multiply(q[3]).mod(P);
            BigInteger d = p[2].shiftLeft(1).multiply(q[2]).mod(P);
            BigInteger e = b.subtract(a);
            BigInteger f = d.subtract(c);
            BigInteger g = d.add(c);
            BigInteger h = b.add(a);
            return new BigInteger[] {e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P),
                e.multiply(h).mod(P)};
        }

        /** The smallest n >= 1 with [n]this = identity, when at most 8; else 0. */
        int smallOrder() {
            Point r = this;
            for (int n = 1; n <= 8; n++) {
                if (r.equals(IDENTITY)) {
                    return n;
                }
                r = r.add(this);
            }
            return 0;
        }

        byte[] encode() {
            byte[] out = le(y, 32);
            out[31] |= (byte) (x.testBit(0) ? 0x80 : 0);
            return out;
        }
    }

    static final Point BASE = decode(TestVectors.hex("5866666666666666666666666666666666666666666666666666666666666666"));

    static final Point[] TORSION = torsion();

    private Ed25519Reference() {
    }

    /** The point with this y (reduced mod p) and x sign, or null when there is none. Accepts y >= p. */
    static Point decode(byte[] s) {
        BigInteger y = fromLe(Arrays.copyOf(s, 32)).clearBit(255).mod(P);
        boolean sign = (s[31] & 0x80) != 0;
        BigInteger u = y.multiply(y).subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y).multiply(y).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            return null;
        }
        if (x.testBit(0) != sign) {
            x = x.negate().mod(P);
        }
        return new Point(x, y);
    }

    /** The eight points of small order. */
    private static Point[] torsion() {
        // An order-8 point: y from libsodium's blacklist; its multiples are the whole torsion group.
        Point t8 = decode(TestVectors.hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));
        Point[] all = new Point[8];
        all[0] = Point.IDENTITY;
        for (int i = 1; i < 8; i++) {
            all[i] = all[i - 1].add(t8);
        }
        return all;
    }

    /**
     * libsodium 1.0.18's verification rules restated over this arithmetic: S below L; R's and A's y (sign bit
     * ignored, not reduced) not the y of a small-order point; A's y below p; A decodes;
     * encode([S]B - [H(R || A || M) mod L]A) equal to R byte for byte.
     */
    static boolean verifyLikeLibsodium(byte[] pk, byte[] msg, byte[] sig) {
        byte[] r = Arrays.copyOf(sig, 32);
        BigInteger s = fromLe(Arrays.copyOfRange(sig, 32, 64));
        if (s.compareTo(L) >= 0 || hasSmallOrderY(r)) {
            return false;
        }
        if (rawY(pk).compareTo(P) >= 0 || hasSmallOrderY(pk)) {
            return false;
        }
        Point a = decode(pk);
        if (a == null) {
            return false;
        }
        BigInteger h = challenge(r, pk, msg).mod(L);
        Point check = BASE.times(s).add(a.negate().times(h));
        return Arrays.equals(check.encode(), r);
    }

    /** y as written: the low 255 bits, not reduced mod p. */
    static BigInteger rawY(byte[] s) {
        return fromLe(s).clearBit(255);
    }

    /** Whether y as written is the y of a point of small order (libsodium's blacklist, sign bit ignored). */
    static boolean hasSmallOrderY(byte[] s) {
        BigInteger y = rawY(s);
        for (Point t : TORSION) {
            if (t.y().equals(y) || t.y().add(P).equals(y)) {
                return true;
            }
        }
        return false;
    }

    /** The clamped secret scalar of a seed. */
    static BigInteger secretScalar(byte[] seed) {
        byte[] h = Arrays.copyOf(sha512(seed), 32);
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        return fromLe(h);
    }

    /** SHA-512(R || A || M) as a little-endian number, not reduced. */
    static BigInteger challenge(byte[] r, byte[] a, byte[] msg) {
        return fromLe(sha512(r, a, msg));
    }

    /** {@code R || S} with S written as 32 little-endian bytes (S may be >= L but must be < 2^256). */
    static byte[] signature(byte[] r, BigInteger s) {
        byte[] sig = new byte[64];
        System.arraycopy(r, 0, sig, 0, 32);
        System.arraycopy(le(s, 32), 0, sig, 32, 32);
        return sig;
    }

    static BigInteger fromLe(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    static byte[] le(BigInteger v, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }

    static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
