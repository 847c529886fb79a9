package io.objsync.internal;

/**
 * RFC 4648 base32 in lowercase without padding, the form iroh prints hashes and tickets in. Decoding accepts
 * either case and rejects padding, stray characters, impossible lengths and non-zero trailing bits, so every
 * byte string has exactly one accepted text form.
 */
public final class Base32 {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final char[] HEX_ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
            VALUES[Character.toUpperCase(ALPHABET[i])] = (byte) i;
        }
    }

    private Base32() {
    }

    /** Encodes {@code data} as lowercase unpadded base32. */
    public static String encode(byte[] data) {
        return encode(data, ALPHABET);
    }

    /**
     * Encodes {@code data} as lowercase unpadded base32hex (RFC 4648 section 7, "0-9a-v"): the DNSSEC form iroh
     * puts node ids in TLS server names. Encoding only.
     */
    public static String encodeHex(byte[] data) {
        return encode(data, HEX_ALPHABET);
    }

    private static String encode(byte[] data, char[] alphabet) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(alphabet[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            sb.append(alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /**
     * Decodes unpadded base32 (either case).
     *
     * @throws IllegalArgumentException when {@code text} is not the canonical encoding of some bytes
     */
    public static byte[] decode(CharSequence text) {
        int len = text.length();
        int rem = len % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new IllegalArgumentException("invalid base32 length " + len);
        }
        byte[] out = new byte[len * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + c + "' at index " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("non-canonical base32: trailing bits are not zero");
        }
        return out;
    }
}
