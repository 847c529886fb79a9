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
 * Finds the backends and picks the active one, on first use: the system property {@code objsync.backend=java|jni|ffm}
 * when set, else the first available in the order of {@code objsync.backend.prefer} (a comma-separated list of
 * names) when set, else the fastest available (ffm, then jni, then java). Only the backends the choice needs are
 * set up (a native backend's set-up is a large part of a short process's start); the full list of candidates is
 * probed when first asked for.
 */
public final class BackendRegistry {

    /** System property that forces one backend. */
    public static final String BACKEND_PROPERTY = "objsync.backend";

    /**
     * System property naming the order in which backends are tried when none is forced, e.g. {@code jni,ffm,java}
     * for a short process (JNI is set up faster than FFM); unknown names are skipped.
     */
    public static final String PREFER_PROPERTY = "objsync.backend.prefer";

    private static final List<String> PREFERENCE = List.of("ffm", "jni", "java");

    private final List<BackendProvider> providers;
    private final Map<String, Candidate> probed = new LinkedHashMap<>();
    private Map<String, Candidate> candidates;
    private final Backend active;
    private final String reason;

    private BackendRegistry() {
        this(System.getProperty(BACKEND_PROPERTY), System.getProperty(PREFER_PROPERTY), loadProviders());
    }

    /** A registry over {@code providers}, as the two system properties would configure it (tests). */
    BackendRegistry(String forced, String prefer, List<BackendProvider> providers) {
        this.providers = providers;
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            Candidate c = probe(name);
            if (c == null) {
                throw new IllegalStateException("unknown backend '" + forced + "' in -D" + BACKEND_PROPERTY
                        + "; expected one of " + candidates().keySet());
            }
            if (c.backend() == null) {
                throw new IllegalStateException("backend '" + name + "' forced by -D" + BACKEND_PROPERTY
                        + " is unavailable: " + c.cause(), c.cause());
            }
            this.active = c.backend();
            this.reason = "forced by -D" + BACKEND_PROPERTY + "=" + name;
        } else {
            boolean preferred = prefer != null && !prefer.isBlank();
            List<String> order = new ArrayList<>();
            if (preferred) {
                for (String name : prefer.split(",")) {
                    order.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
            order.addAll(PREFERENCE);
            Backend chosen = null;
            for (String name : order) {
                Candidate c = probe(name);
                if (c != null && c.backend() != null) {
                    chosen = c.backend();
                    break;
                }
            }
            this.active = chosen;
            this.reason = preferred ? "first available of -D" + PREFER_PROPERTY + "=" + prefer.trim()
                    : "fastest available for Java " + Runtime.version().feature();
        }
    }

    private static List<BackendProvider> loadProviders() {
        List<BackendProvider> found = new ArrayList<>();
        try {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class,
                    BackendRegistry.class.getClassLoader())) {
                found.add(provider);
            }
        } catch (RuntimeException | LinkageError e) {
            found.add(new BrokenProvider(e));
        }
        return found;
    }

    /** Stands for a provider that could not be loaded: its backend is unavailable for that reason. */
    private record BrokenProvider(Throwable cause) implements BackendProvider {
        @Override
        public List<Candidate> candidates() {
            return List.of(Candidate.unavailable("jni", cause));
        }
    }

    /** The named backend, set up once; null for a name no provider knows. */
    private synchronized Candidate probe(String name) {
        Candidate c = probed.get(name);
        if (c == null && !probed.containsKey(name)) {
            c = find(name);
            probed.put(name, c);
        }
        return c;
    }

    private Candidate find(String name) {
        if (name.equals("java")) {
            return Candidate.available(JavaBackend.INSTANCE);
        }
        for (BackendProvider provider : providers) {
            try {
                Candidate c = provider.candidate(name);
                if (c != null) {
                    return c;
                }
            } catch (RuntimeException | LinkageError e) {
                // A broken provider must not take the pure-Java backend down with it.
                return Candidate.unavailable(name, e);
            }
        }
        return name.equals("jni") || name.equals("ffm") ? Candidate.unavailable(name, new IllegalStateException(
                missingLibrary())) : null;
    }

    private static String missingLibrary() {
        String platform = platformClassifier();
        return NativePlatform.BUILT.contains(platform)
                ? "the objsync-native jar (classifier " + platform + ") is not on the class path"
                : NativePlatform.whyNoLibrary(platform, false, classifier -> false);
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

    /** Every known backend by name, available or not (those not set up yet are, now). */
    public synchronized Map<String, Candidate> candidates() {
        if (candidates == null) {
            Map<String, Candidate> all = new LinkedHashMap<>();
            all.put("java", probe("java"));
            for (BackendProvider provider : providers) {
                try {
                    for (Candidate c : provider.candidates()) {
                        all.putIfAbsent(c.name(), probed.containsKey(c.name()) ? probed.get(c.name()) : c);
                    }
                } catch (RuntimeException | LinkageError e) {
                    all.putIfAbsent("jni", Candidate.unavailable("jni", e));
                }
            }
            for (String name : List.of("jni", "ffm")) {
                if (!all.containsKey(name)) {
                    all.put(name, probe(name));
                }
            }
            candidates = Collections.unmodifiableMap(all);
        }
        return candidates;
    }

    /** The named backend, or an exception that says why it cannot run. */
    public Backend require(String name) {
        Candidate c = probe(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + candidates().keySet());
        }
        if (c.backend() == null) {
            throw new IllegalStateException("backend '" + name + "' is unavailable: " + c.cause(), c.cause());
        }
        return c.backend();
    }

    /** The backends that can run here, in preference order then the rest. */
    public List<Backend> available() {
        List<Backend> out = new ArrayList<>();
        for (Candidate c : candidates().values()) {
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
