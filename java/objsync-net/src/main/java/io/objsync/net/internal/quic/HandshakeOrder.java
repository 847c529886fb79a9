package io.objsync.net.internal.quic;

import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.alert.UnexpectedMessageAlert;

/** The check each handshake message of either engine starts with: expected next, under the handshake keys. */
final class HandshakeOrder {

    private HandshakeOrder() {
    }

    static void require(Enum<?> state, Enum<?> wanted, ProtectionKeysType protectedBy) throws UnexpectedMessageAlert {
        if (state != wanted) {
            throw new UnexpectedMessageAlert("unexpected message in state " + state);
        }
        if (protectedBy != ProtectionKeysType.Handshake) {
            throw new UnexpectedMessageAlert("handshake message outside the handshake keys");
        }
    }
}
