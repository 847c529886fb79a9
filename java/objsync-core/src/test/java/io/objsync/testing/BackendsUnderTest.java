package io.objsync.testing;

import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The backends a test runs over: every backend that can run in this JVM. In the core module that is the
 * pure-Java one; the bindings module re-runs the same test classes with the native jar present, so every
 * test written against this source covers jni and ffm too.
 */
public final class BackendsUnderTest {

    private BackendsUnderTest() {
    }

    /**
     * Narrows {@link #all()} to the named backends (comma-separated): ci/sanitize.sh runs the native ones
     * only, the pure-Java one being covered by the ordinary test run.
     */
    public static final String ONLY_PROPERTY = "objsync.test.backends";

    /** For {@code @MethodSource("io.objsync.testing.BackendsUnderTest#all")}. */
    public static Stream<Backend> all() {
        List<Backend> available = BackendRegistry.get().available();
        String only = System.getProperty(ONLY_PROPERTY, "").trim();
        if (only.isEmpty()) {
            return available.stream();
        }
        Set<String> names = Set.copyOf(List.of(only.split("\\s*,\\s*")));
        List<Backend> chosen = available.stream().filter(b -> names.contains(b.name())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalStateException("-D" + ONLY_PROPERTY + "=" + only + " names none of the available "
                    + "backends " + available.stream().map(Backend::name).toList());
        }
        return chosen.stream();
    }

    /** The pure-Java backend, the reference for differential tests. */
    public static Backend java() {
        return BackendRegistry.get().require("java");
    }
}
