package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Asserts that peer input ends in a {@link QuicTransportException} with a given code and frame type. */
final class TransportErrors {

    private TransportErrors() {
    }

    /** Runs {@code action}, which must fail with transport error {@code code} naming {@code frameType}. */
    static void assertTransportError(long code, long frameType, Executable action) {
        QuicTransportException e = assertThrows(QuicTransportException.class, action);
        assertEquals(code, e.errorCode(), e.getMessage());
        assertEquals(frameType, e.frameType(), e.getMessage());
    }
}
