package io.objsync.net.internal.quic.engine.stream;

import java.io.IOException;

/**
 * What a reader sees once the peer reset the stream (RESET_STREAM, RFC 9000 section 19.4): the bytes not yet read
 * are gone, and the application error code says why. A stream's end, not the connection's.
 */
public final class StreamResetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long errorCode;

    /** The reset with the peer's application {@code errorCode}. */
    public StreamResetException(long errorCode) {
        super("stream reset by the peer, application error " + errorCode);
        this.errorCode = errorCode;
    }

    /** The application protocol error code from the RESET_STREAM frame. */
    public long errorCode() {
        return errorCode;
    }
}
