package io.objsync.net;

import java.net.SocketTimeoutException;

/**
 * A peer went silent: no byte arrived within the idle timeout, a write stayed blocked past the stall timeout
 * because the peer stopped reading, or a handshake did not finish in time. The stream is unusable afterwards.
 */
public final class StreamTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the peer and the timeout. */
    public StreamTimeoutException(String message) {
        super(message);
    }
}
