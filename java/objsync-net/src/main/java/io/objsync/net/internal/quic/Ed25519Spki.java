package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;

import java.util.Arrays;

/**
 * The one certificate a node presents: its Ed25519 key as a DER SubjectPublicKeyInfo (RFC 8410), which is what
 * an RFC 7250 raw-public-key Certificate entry carries. Always 44 bytes: a fixed 12-byte prefix, then the key.
 */
final class Ed25519Spki {

    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) of 32 bytes }. */
    private static final byte[] PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    static final int LENGTH = PREFIX.length + NodeId.LENGTH;

    private Ed25519Spki() {
    }

    static byte[] encode(NodeId id) {
        byte[] out = Arrays.copyOf(PREFIX, LENGTH);
        System.arraycopy(id.toBytes(), 0, out, PREFIX.length, NodeId.LENGTH);
        return out;
    }

    /**
     * The node id in {@code spki}.
     *
     * @throws IllegalArgumentException when it is not exactly an Ed25519 SPKI holding a valid point
     */
    static NodeId decode(byte[] spki) {
        if (spki.length != LENGTH || !Arrays.equals(spki, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 SubjectPublicKeyInfo (" + spki.length + " bytes)");
        }
        return NodeId.of(Arrays.copyOfRange(spki, PREFIX.length, LENGTH));
    }
}
