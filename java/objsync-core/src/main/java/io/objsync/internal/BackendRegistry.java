package io.objsync.internal;

import io.objsync.internal.java.JavaBackend;
import io.objsync.spi.Backend;
import io.objsync.spi.BackendProvider;
import io.objsync.spi.BackendProvider.Candidate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the backends once, on first use, and picks the active one: the system property
 * {@code objsync.backend=java|jni|ffm} when set, else the fastest available (ffm, then jni, then java).
 */
public final class BackendRegistry {

    /** System property that forces one backend. */
    public static final String BACKEND_PROPERTY = "objsync.backend";

    private static final List<String> PREFERENCE = List.of("ffm", "jni", "java");

    private final Map<String, Candidate> candidates;
    private final Backend active;
    private final String reason;

    private BackendRegistry() {
        Map<String, Candidate> found = new LinkedHashMap<>();
        found.put("java", Candidate.available(JavaBackend.INSTANCE));
        try {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class,
                    BackendRegistry.class.getClassLoader())) {
                for (Candidate c : provider.candidates()) {
                    found.putIfAbsent(c.name(), c);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // A broken provider must not take the pure-Java backend down with it.
            found.putIfAbsent("jni", Candidate.unavailable("jni", e));
        }
        String platform = platformClassifier();
        String missing = NativePlatform.BUILT.contains(platform)
                ? "the objsync-native jar (classifier " + platform + ") is not on the class path"
                : NativePlatform.whyNoLibrary(platform, false, classifier -> false);
        for (String name : List.of("jni", "ffm")) {
            found.putIfAbsent(name, Candidate.unavailable(name, new IllegalStateException(missing)));
        }
        this.candidates = Collections.unmodifiableMap(found);

        String forced = System.getProperty(BACKEND_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            Candidate c = found.get(name);
            if (c == null) {
                throw new IllegalStateException("unknown backend '" + forced + "' in -D" + BACKEND_PROPERTY
                        + "; expected one of " + found.keySet());
            }
            if (c.backend() == null) {
                throw new IllegalStateException("backend '" + name + "' forced by -D" + BACKEND_PROPERTY
                        + " is unavailable: " + c.cause(), c.cause());
            }
            this.active = c.backend();
            this.reason = "forced by -D" + BACKEND_PROPERTY + "=" + name;
        } else {
            Backend chosen = null;
            for (String name : PREFERENCE) {
                Candidate c = found.get(name);
                if (c != null && c.backend() != null) {
                    chosen = c.backend();
                    break;
                }
            }
            this.active = chosen;
            this.reason = "fastest available for Java " + Runtime.version().feature();
        }
    }

    private static final class Holder {
        static final BackendRegistry INSTANCE = new BackendRegistry();
    }

    /** The registry, built on first use. */
    public static BackendRegistry get() {
        return Holder.INSTANCE;
    }

    /** The active backend. */
    public static Backend active() {
        return Holder.INSTANCE.active;
    }

    /** Why the active backend was chosen. */
    public String reason() {
        return reason;
    }

    /** Every known backend by name, available or not. */
    public Map<String, Candidate> candidates() {
        return candidates;
    }

    /** The named backend, or an exception that says why it cannot run. */
    public Backend require(String name) {
        Candidate c = candidates.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + candidates.keySet());
        }
        if (c.backend() == null) {
            throw new IllegalStateException("backend '" + name + "' is unavailable: " + c.cause(), c.cause());
        }
        return c.backend();
    }

    /** The backends that can run here, in preference order then the rest. */
    public List<Backend> available() {
        List<Backend> out = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.backend() != null) {
                out.add(c.backend());
            }
        }
        return out;
    }

    /** The classifier of the native jar for this platform, e.g. {@code linux-x86_64} ({@link NativePlatform}). */
    public static String platformClassifier() {
        return NativePlatform.current();
    }
}
