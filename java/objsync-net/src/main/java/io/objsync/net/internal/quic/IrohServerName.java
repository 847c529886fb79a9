package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;

/**
 * The TLS server name iroh dials a node by: the node id in DNSSEC base32 (RFC 4648 "base32hex" alphabet,
 * lowercase, unpadded) followed by {@code .iroh.invalid}. iroh's client derives the key it expects from it, so we
 * send the same name; as a server we ignore it (identity is the raw key, never the name), as iroh does.
 */
final class IrohServerName {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final String SUFFIX = ".iroh.invalid";

    private IrohServerName() {
    }

    static String of(NodeId id) {
        byte[] data = id.toBytes();
        StringBuilder sb = new StringBuilder(52 + SUFFIX.length());
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(ALPHABET[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return sb.append(SUFFIX).toString();
    }
}
