package io.objsync.internal;

import io.objsync.spi.Backend;
import io.objsync.spi.BackendProvider;
import io.objsync.spi.BackendProvider.Candidate;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BackendRegistry} sets up only the backends its choice needs, and still lists them all when asked. */
class BackendRegistryTest {

    private static Backend backend(String name) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "toString" -> "fake " + name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A native provider stand-in that records which backends were set up, as NativeBackendProvider does. */
    private static final class CountingProvider implements BackendProvider {
        final List<String> setUp = new ArrayList<>();
        final boolean ffmAvailable;

        CountingProvider(boolean ffmAvailable) {
            this.ffmAvailable = ffmAvailable;
        }

        @Override
        public List<Candidate> candidates() {
            return List.of(candidate("jni"), candidate("ffm"));
        }

        @Override
        public Candidate candidate(String name) {
            if (!name.equals("jni") && !name.equals("ffm")) {
                return null;
            }
            setUp.add(name);
            return name.equals("ffm") && !ffmAvailable
                    ? Candidate.unavailable("ffm", new UnsupportedOperationException("no FFM here"))
                    : Candidate.available(backend(name));
        }
    }

    @Test
    void aForcedBackendIsTheOnlyOneSetUp() {
        CountingProvider p = new CountingProvider(true);
        BackendRegistry r = new BackendRegistry(" JNI ", null, List.of(p));
        assertEquals("jni", r.require("jni").name());
        assertEquals(List.of("jni"), p.setUp);
        assertEquals("forced by -Dobjsync.backend=jni", r.reason());
    }

    @Test
    void forcingJavaSetsUpNoNativeBackend() {
        CountingProvider p = new CountingProvider(true);
        BackendRegistry r = new BackendRegistry("java", null, List.of(p));
        assertEquals(List.of(), p.setUp);
        assertEquals("java", r.require("java").name());
    }

    @Test
    void theDefaultStopsAtTheFirstAvailable() {
        CountingProvider p = new CountingProvider(true);
        BackendRegistry r = new BackendRegistry(null, null, List.of(p));
        assertEquals(List.of("ffm"), p.setUp);
        assertTrue(r.reason().startsWith("fastest available"), r.reason());
        CountingProvider noFfm = new CountingProvider(false);
        new BackendRegistry(null, null, List.of(noFfm));
        assertEquals(List.of("ffm", "jni"), noFfm.setUp);
    }

    @Test
    void aPreferenceIsTriedInOrderThenTheDefault() {
        CountingProvider p = new CountingProvider(true);
        BackendRegistry r = new BackendRegistry(null, "gpu, jni,ffm", List.of(p));
        assertEquals(List.of("jni"), p.setUp);
        assertEquals("first available of -Dobjsync.backend.prefer=gpu, jni,ffm", r.reason());
        CountingProvider none = new CountingProvider(true);
        new BackendRegistry(null, "gpu", List.of(none));
        assertEquals(List.of("ffm"), none.setUp); // nothing preferred exists: the default order
    }

    @Test
    void candidatesListsEveryBackendAndKeepsTheOnesSetUp() {
        CountingProvider p = new CountingProvider(true);
        BackendRegistry r = new BackendRegistry("jni", null, List.of(p));
        Backend active = r.require("jni");
        assertEquals(List.of("java", "jni", "ffm"), List.copyOf(r.candidates().keySet()));
        assertSame(active, r.candidates().get("jni").backend());
        assertEquals(3, r.available().size());
    }

    @Test
    void unknownOrUnavailableForcedBackendsAreRefused() {
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> new BackendRegistry("gpu", null, List.of(new CountingProvider(true))));
        assertTrue(unknown.getMessage().contains("unknown backend 'gpu'"), unknown.getMessage());
        IllegalStateException off = assertThrows(IllegalStateException.class,
                () -> new BackendRegistry("ffm", null, List.of(new CountingProvider(false))));
        assertTrue(off.getMessage().contains("no FFM here"), off.getMessage());
        BackendRegistry r = new BackendRegistry("java", null, List.of(new CountingProvider(true)));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> r.require("gpu"));
        assertEquals("unknown backend 'gpu'; known: [java, jni, ffm]", none.getMessage());
    }

    @Test
    void withoutProvidersTheNativeBackendsSayWhy() {
        BackendRegistry r = new BackendRegistry(null, "jni", List.of());
        assertEquals("java", r.require("java").name());
        Candidate jni = r.candidates().get("jni");
        assertNull(jni.backend());
        assertTrue(jni.cause() instanceof IllegalStateException, String.valueOf(jni.cause()));
    }

    @Test
    void aProviderThatThrowsLeavesJavaRunning() {
        BackendProvider broken = new BackendProvider() {
            @Override
            public List<Candidate> candidates() {
                throw new IllegalStateException("broken provider");
            }
        };
        BackendRegistry r = new BackendRegistry(null, null, List.of(broken));
        assertEquals("java", r.require("java").name());
        assertEquals("broken provider", r.candidates().get("jni").cause().getMessage());
    }
}
