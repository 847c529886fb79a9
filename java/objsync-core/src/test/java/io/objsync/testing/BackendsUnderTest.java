package io.objsync.testing;

import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.util.stream.Stream;

/**
 * The backends a test runs over: every backend that can run in this JVM. In the core module that is the
 * pure-Java one; the bindings module re-runs the same test classes with the native jar present, so every
 * test written against this source covers jni and ffm too.
 */
public final class BackendsUnderTest {

    private BackendsUnderTest() {
    }

    /** For {@code @MethodSource("io.objsync.testing.BackendsUnderTest#all")}. */
    public static Stream<Backend> all() {
        return BackendRegistry.get().available().stream();
    }

    /** The pure-Java backend, the reference for differential tests. */
    public static Backend java() {
        return BackendRegistry.get().require("java");
    }
}
