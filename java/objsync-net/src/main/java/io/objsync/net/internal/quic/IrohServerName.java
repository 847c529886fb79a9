package io.objsync.net.internal.quic;

import io.objsync.internal.Base32;
import io.objsync.net.NodeId;

/**
 * The TLS server name iroh dials a node by: the node id in DNSSEC base32 (RFC 4648 "base32hex" alphabet,
 * lowercase, unpadded) followed by {@code .iroh.invalid}. iroh's client derives the key it expects from it, so we
 * send the same name; as a server we ignore it (identity is the raw key, never the name), as iroh does.
 */
final class IrohServerName {

    private IrohServerName() {
    }

    static String of(NodeId id) {
        return Base32.encodeHex(id.toBytes()) + ".iroh.invalid";
    }
}
