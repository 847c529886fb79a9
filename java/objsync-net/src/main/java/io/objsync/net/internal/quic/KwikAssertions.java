package io.objsync.net.internal.quic;

import tech.kwik.core.QuicConnection;

/**
 * Turns Java assertions off for kwik's packages, whatever {@code -ea} says. kwik 0.10.8 asserts that its loss
 * delay (9/8 of the RTT in whole milliseconds) is positive, which a sub-millisecond round trip (loopback, or the
 * same host) makes false: under {@code -ea} the {@code AssertionError} kills the connection's receiver thread, and
 * every stream on it stalls until the idle timeout (seen as 30 s read timeouts against iroh in the test suite,
 * which runs with assertions on). With assertions off kwik takes the zero delay as "now", which only makes its loss
 * detection eager. Assertion status is fixed when a class is initialised, so this must run before the first
 * connection: {@code QuicEndpoint}'s static initialiser calls it.
 */
public final class KwikAssertions {

    private KwikAssertions() {
    }

    /** Disables assertions in {@code tech.kwik} and its subpackages for classes not yet initialised. */
    public static void disable() {
        ClassLoader kwik = QuicConnection.class.getClassLoader(); // loads, does not initialise, the interface
        if (kwik != null) {
            kwik.setPackageAssertionStatus("tech.kwik", false);
        }
    }
}
