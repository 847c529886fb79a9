package io.objsync.net;

import java.io.IOException;

/** The peer does not serve the protocol (ALPN) asked for. */
public final class UnsupportedProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the peer and the underlying failure (may be null). */
    public UnsupportedProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
