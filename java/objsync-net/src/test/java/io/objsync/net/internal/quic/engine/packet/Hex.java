package io.objsync.net.internal.quic.engine.packet;

/** Hex strings (whitespace ignored) to bytes and back, for the RFC's test vectors. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        String digits = hex.replaceAll("\\s", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String string(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder(2 * length);
        for (int i = offset; i < offset + length; i++) {
            s.append(String.format("%02x", bytes[i] & 0xff));
        }
        return s.toString();
    }

    static String string(byte[] bytes) {
        return string(bytes, 0, bytes.length);
    }
}
