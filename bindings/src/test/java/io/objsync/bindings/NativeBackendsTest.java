package io.objsync.bindings;

import io.objsync.Backends;
import io.objsync.bindings.jni.JniBackend;
import io.objsync.internal.BackendRegistry;
import io.objsync.internal.NativePlatform;
import io.objsync.spi.Backend;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridges load from the jar's resources and are chosen as documented, on Java 17 and on 22+. */
class NativeBackendsTest {

    private static final String EMPTY_HASH = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    @Test
    void libraryLoadsFromTheJarResources() {
        assertNull(NativeLibrary.unavailabilityCause(), () -> "load failed: " + NativeLibrary.unavailabilityCause());
        assertTrue(Backends.isAvailable("jni"), Backends.describe()::toString);
        assertFalse(JniBackend.simd().isEmpty());
    }

    /** ci/cross-jni.sh runs this suite on an arm64 JVM: the aarch64 library must have come in, with NEON. */
    @Test
    void theLibraryOfThisPlatformIsLoaded() {
        String expected = System.getProperty("objsync.expect.platform", NativePlatform.current());
        assertEquals(expected, NativePlatform.current());
        String simd = JniBackend.simd();
        if (expected.endsWith("-aarch64")) {
            assertEquals("neon", simd);
        } else {
            assertTrue(Set.of("avx512", "avx2", "sse41", "sse2").contains(simd), simd);
        }
    }

    @Test
    void fastestBackendIsChosenForThisJavaVersion() {
        int feature = Runtime.version().feature();
        if (System.getProperty(BackendRegistry.BACKEND_PROPERTY) == null) {
            assertEquals(feature >= 22 ? "ffm" : "jni", Backends.active(), Backends.reason());
        }
        if (feature >= 22) {
            assertTrue(Backends.isAvailable("ffm"), Backends.describe()::toString);
        } else {
            assertFalse(Backends.isAvailable("ffm"));
            String cause = Backends.unavailabilityCause("ffm").orElseThrow().getMessage();
            assertTrue(cause.contains("Java 22"), cause);
        }
        String expected = System.getProperty("objsync.expect.jdk");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), feature, "the Java 17 test pass must really run on Java 17");
        }
    }

    @Test
    void everyNativeBackendHashesTheEmptyInput() {
        for (Backend b : BackendRegistry.get().available()) {
            if (b.name().equals("java")) {
                continue; // covered by core's own tests
            }
            byte[] out = new byte[32];
            b.blake3(null, 0, new byte[0], 0, 0, out, 0, 32);
            assertEquals(EMPTY_HASH, HexFormat.of().formatHex(out), b.name());
        }
    }
}
