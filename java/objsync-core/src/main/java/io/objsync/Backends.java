package io.objsync;

import io.objsync.internal.BackendRegistry;
import io.objsync.spi.BackendProvider.Candidate;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which implementation runs the primitives, and why the others do not.
 *
 * <p>objsync picks the fastest available backend on first use: {@code ffm} (Foreign Function &amp; Memory API,
 * Java 22+), else {@code jni}, else the pure-Java {@code java} backend, which is always available. The native
 * ones need the {@code objsync-native} platform jar. Set {@code -Dobjsync.backend=java|jni|ffm} to force one.
 * All backends give bit-identical results.
 */
public final class Backends {

    private Backends() {
    }

    /** Name of the backend in use: {@code ffm}, {@code jni} or {@code java}. */
    public static String active() {
        return BackendRegistry.active().name();
    }

    /** Why the active backend was chosen. */
    public static String reason() {
        return BackendRegistry.get().reason();
    }

    /** Whether the named backend can run in this JVM. */
    public static boolean isAvailable(String name) {
        Candidate c = BackendRegistry.get().candidates().get(name);
        return c != null && c.backend() != null;
    }

    /** Why the named backend cannot run, or empty when it can. */
    public static Optional<Throwable> unavailabilityCause(String name) {
        Candidate c = BackendRegistry.get().candidates().get(name);
        if (c == null) {
            return Optional.of(new IllegalArgumentException("unknown backend '" + name + "'"));
        }
        return Optional.ofNullable(c.cause());
    }

    /** A one-line status per known backend, e.g. {@code jni -> available}. */
    public static Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        for (Candidate c : BackendRegistry.get().candidates().values()) {
            out.put(c.name(), c.backend() != null ? "available" : "unavailable: " + c.cause().getMessage());
        }
        return out;
    }
}
