package io.objsync.bindings;

import io.objsync.bindings.jni.JniBackend;
import io.objsync.spi.Backend;
import io.objsync.spi.BackendProvider;

import java.util.List;

/**
 * Contributes the {@code jni} backend and, on Java 22+, the {@code ffm} backend. Registered as a service so
 * that core finds it when this jar is on the class path; never throws.
 */
public final class NativeBackendProvider implements BackendProvider {

    private static final String FFM_CLASS = "io.objsync.bindings.ffm.FfmBackend";

    @Override
    public List<Candidate> candidates() {
        return List.of(jni(), ffm());
    }

    @Override
    public Candidate candidate(String name) {
        return switch (name) {
            case "jni" -> jni();
            case "ffm" -> ffm();
            default -> null;
        };
    }

    private static Candidate jni() {
        if (!NativeLibrary.isAvailable()) {
            return Candidate.unavailable("jni", NativeLibrary.unavailabilityCause());
        }
        try {
            return Candidate.available(JniBackend.create());
        } catch (RuntimeException | LinkageError e) {
            return Candidate.unavailable("jni", e);
        }
    }

    private static Candidate ffm() {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return Candidate.unavailable("ffm", new UnsupportedOperationException(
                    "the FFM backend needs Java 22 or later; this is Java " + feature));
        }
        if (!NativeLibrary.isAvailable()) {
            return Candidate.unavailable("ffm", NativeLibrary.unavailabilityCause());
        }
        try {
            // Lives in META-INF/versions/22 of this multi-release jar, so load it by name.
            Class<?> c = Class.forName(FFM_CLASS, true, NativeBackendProvider.class.getClassLoader());
            return Candidate.available((Backend) c.getMethod("create").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            return Candidate.unavailable("ffm", cause);
        }
    }
}
