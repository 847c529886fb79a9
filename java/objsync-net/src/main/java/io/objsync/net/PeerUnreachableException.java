package io.objsync.net;

import java.io.IOException;

/** No address of the peer could be connected to (or none is known). */
public final class PeerUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the peer. */
    public PeerUnreachableException(String message) {
        super(message);
    }
}
