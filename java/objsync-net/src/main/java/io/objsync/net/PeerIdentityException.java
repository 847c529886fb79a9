package io.objsync.net;

import java.io.IOException;

/** The node reached proved another identity than the one dialled: the connection is refused. */
public final class PeerIdentityException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the peer and the underlying failure (may be null). */
    public PeerIdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
