package io.objsync.internal.java;

import static io.objsync.internal.java.Field25519.add;
import static io.objsync.internal.java.Field25519.cmov;
import static io.objsync.internal.java.Field25519.copy;
import static io.objsync.internal.java.Field25519.create;
import static io.objsync.internal.java.Field25519.sub;

import java.util.HexFormat;

/**
 * The edwards25519 group (-x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)) in extended coordinates
 * (X : Y : Z : T) with x = X/Z, y = Y/Z, xy = T/Z, using the complete addition and doubling formulas of
 * Hisil, Wong, Carter and Dawson (2008) for a = -1, the ones libsodium's ref10 code uses. Complete formulas
 * give the true group element for every input, including points of small or mixed order, so results equal
 * libsodium's whatever the scalar-multiplication schedule.
 *
 * <p>Decoding follows libsodium's {@code ge25519_frombytes}: y is read without reduction (top bit ignored), x is
 * the square root chosen by the sign bit, and x = 0 with the sign bit set is accepted (as libsodium does; the
 * only such points have small order, which the verifier rejects before decoding). An instance holds scratch
 * space and is not thread-safe.
 */
final class Edwards25519 {

    /** d = -121665/121666. */
    private static final long[] D = constant("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");
    /** 2d. */
    private static final long[] D2 = constant("59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");
    /** sqrt(-1). */
    private static final long[] SQRT_M1 =
            constant("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b");
    /** The base point's encoding: y = 4/5, x even. */
    static final byte[] BASE_ENCODING =
            HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666");

    /** Multiples 0..15 of the base point, computed once. Shared read-only. */
    private static final long[][][] BASE_TABLE = new Edwards25519().baseTable();

    private final Field25519 f = new Field25519();
    private final long[] a = create();
    private final long[] b = create();
    private final long[] c = create();
    private final long[] d = create();
    private final long[] e = create();
    private final long[] g = create();
    private final long[] h = create();
    private final long[] ff = create();

    /** A new point {X, Y, Z, T}. */
    static long[][] point() {
        return new long[][] {create(), create(), create(), create()};
    }

    /** The neutral element (0, 1). */
    static long[][] identity() {
        long[][] p = point();
        p[1][0] = 1;
        p[2][0] = 1;
        return p;
    }

    static void copyPoint(long[][] r, long[][] p) {
        for (int i = 0; i < 4; i++) {
            copy(r[i], p[i]);
        }
    }

    /** r = p + q (r may alias p or q). */
    void add(long[][] r, long[][] p, long[][] q) {
        sub(a, p[1], p[0]);
        sub(b, q[1], q[0]);
        f.mul(a, a, b);                    // A = (Y1 - X1)(Y2 - X2)
        Field25519.add(b, p[1], p[0]);
        Field25519.add(c, q[1], q[0]);
        f.mul(b, b, c);                    // B = (Y1 + X1)(Y2 + X2)
        f.mul(c, p[3], q[3]);
        f.mul(c, c, D2);                   // C = 2d T1 T2
        f.mul(d, p[2], q[2]);
        Field25519.add(d, d, d);           // D = 2 Z1 Z2
        sub(e, b, a);                      // E = B - A
        sub(ff, d, c);                     // F = D - C
        Field25519.add(g, d, c);           // G = D + C
        Field25519.add(h, b, a);           // H = B + A
        f.mul(r[0], e, ff);
        f.mul(r[1], g, h);
        f.mul(r[2], ff, g);
        f.mul(r[3], e, h);
    }

    /** r = 2p (r may alias p). */
    void dbl(long[][] r, long[][] p) {
        f.sq(a, p[0]);                     // A = X1^2
        f.sq(b, p[1]);                     // B = Y1^2
        f.sq(c, p[2]);
        Field25519.add(c, c, c);           // C = 2 Z1^2
        Field25519.add(h, a, b);           // H = A + B
        Field25519.add(e, p[0], p[1]);
        f.sq(e, e);
        sub(e, h, e);                      // E = H - (X1 + Y1)^2
        sub(g, a, b);                      // G = A - B
        Field25519.add(ff, c, g);          // F = C + G
        f.mul(r[0], e, ff);
        f.mul(r[1], g, h);
        f.mul(r[2], ff, g);
        f.mul(r[3], e, h);
    }

    /** r = -p. */
    static void negate(long[][] r, long[][] p) {
        Field25519.neg(r[0], p[0]);
        copy(r[1], p[1]);
        copy(r[2], p[2]);
        Field25519.neg(r[3], p[3]);
    }

    /**
     * Decodes a point as libsodium's {@code ge25519_frombytes} does.
     *
     * @return false when y^2 - 1 / (d y^2 + 1) has no square root
     */
    boolean decode(long[][] r, byte[] s, int off) {
        long[] y = r[1];
        Field25519.fromBytes(y, s, off);
        long[] z = r[2];
        copy(z, Field25519.of(1));
        long[] u = create();
        long[] v = create();
        long[] v3 = create();
        long[] x = r[0];
        f.sq(u, y);
        f.mul(v, u, D);
        sub(u, u, z);                      // u = y^2 - 1
        Field25519.add(v, v, z);           // v = d y^2 + 1
        f.sq(v3, v);
        f.mul(v3, v3, v);                  // v^3
        f.sq(x, v3);
        f.mul(x, x, v);
        f.mul(x, x, u);                    // u v^7
        f.pow22523(x, x);
        f.mul(x, x, v3);
        f.mul(x, x, u);                    // x = u v^3 (u v^7)^((p - 5) / 8)
        long[] vxx = create();
        long[] check = create();
        f.sq(vxx, x);
        f.mul(vxx, vxx, v);
        sub(check, vxx, u);
        if (f.isZero(check) == 0) {
            Field25519.add(check, vxx, u);
            if (f.isZero(check) == 0) {
                return false;
            }
            f.mul(x, x, SQRT_M1);
        }
        if (f.isNegative(x) != ((s[off + 31] & 0xFF) >>> 7)) {
            Field25519.neg(x, x);
        }
        f.mul(r[3], x, y);
        return true;
    }

    /** The canonical encoding of {@code p}: y, with the sign (low bit) of x in the top bit. */
    void encode(byte[] out, int off, long[][] p) {
        long[] zi = create();
        long[] x = create();
        long[] y = create();
        f.invert(zi, p[2]);
        f.mul(x, p[0], zi);
        f.mul(y, p[1], zi);
        f.toBytes(out, off, y);
        out[off + 31] ^= (byte) (f.isNegative(x) << 7);
    }

    /**
     * r = [k]B for the base point B and a 32-byte little-endian scalar {@code k} (any 256-bit value), in time
     * independent of {@code k}: fixed 4-bit windows, each table entry picked by scanning the whole table.
     */
    void scalarMultBase(long[][] r, byte[] k) {
        long[][] acc = identity();
        long[][] pick = point();
        for (int i = 63; i >= 0; i--) {
            for (int j = 0; j < 4; j++) {
                dbl(acc, acc);
            }
            int nibble = nibble(k, i);
            for (int m = 0; m < 16; m++) {
                // 1 exactly when m == nibble, computed without a branch.
                int eq = (((m ^ nibble) - 1) >>> 31);
                for (int cbit = 0; cbit < 4; cbit++) {
                    cmov(pick[cbit], BASE_TABLE[m][cbit], eq);
                }
            }
            add(acc, acc, pick);
        }
        copyPoint(r, acc);
    }

    /**
     * r = [a]P + [b]B for public scalars (variable time): 4-bit windows over both scalars, one shared chain of
     * doublings (Straus). {@code a} and {@code b} are 32-byte little-endian scalars.
     */
    void doubleScalarMultVartime(long[][] r, byte[] aScalar, long[][] p, byte[] bScalar) {
        long[][][] table = new long[16][][];
        table[0] = identity();
        table[1] = point();
        copyPoint(table[1], p);
        for (int m = 2; m < 16; m++) {
            table[m] = point();
            add(table[m], table[m - 1], p);
        }
        long[][] acc = identity();
        for (int i = 63; i >= 0; i--) {
            for (int j = 0; j < 4; j++) {
                dbl(acc, acc);
            }
            int na = nibble(aScalar, i);
            if (na != 0) {
                add(acc, acc, table[na]);
            }
            int nb = nibble(bScalar, i);
            if (nb != 0) {
                add(acc, acc, BASE_TABLE[nb]);
            }
        }
        copyPoint(r, acc);
    }

    private static int nibble(byte[] k, int i) {
        return ((k[i >>> 1] & 0xFF) >>> ((i & 1) * 4)) & 15;
    }

    private long[][][] baseTable() {
        long[][] base = point();
        if (!decode(base, BASE_ENCODING, 0)) {
            throw new AssertionError("base point does not decode");
        }
        long[][][] table = new long[16][][];
        table[0] = identity();
        table[1] = base;
        for (int m = 2; m < 16; m++) {
            table[m] = point();
            add(table[m], table[m - 1], base);
        }
        return table;
    }

    private static long[] constant(String leHex) {
        long[] h = create();
        Field25519.fromBytes(h, HexFormat.of().parseHex(leHex), 0);
        return h;
    }

}
