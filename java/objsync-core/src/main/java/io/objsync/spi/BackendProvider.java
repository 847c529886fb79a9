package io.objsync.spi;

import java.util.List;

/**
 * Found through {@link java.util.ServiceLoader}: contributes backends beyond the built-in pure-Java one.
 * The native bindings jar registers one. Implementations must be cheap to construct and must not throw;
 * a backend that cannot run is reported as a {@link Candidate} with a cause.
 */
public interface BackendProvider {

    /** The backends this provider knows about, each available or with the reason it is not. */
    List<Candidate> candidates();

    /**
     * The one backend called {@code name}, or null when this provider has none by that name. A provider whose
     * backends are costly to set up overrides this to set up only the one asked for (a forced backend, or the
     * first of a preference that is available); by default it picks from {@link #candidates()}.
     */
    default Candidate candidate(String name) {
        for (Candidate c : candidates()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * A backend by name: {@code backend} is non-null when it can run, else {@code cause} says why not.
     *
     * @param name    short name, e.g. {@code jni}
     * @param backend the backend, or null when unavailable
     * @param cause   why it is unavailable, or null when available
     */
    record Candidate(String name, Backend backend, Throwable cause) {
        public static Candidate available(Backend backend) {
            return new Candidate(backend.name(), backend, null);
        }

        public static Candidate unavailable(String name, Throwable cause) {
            return new Candidate(name, null, cause);
        }
    }
}
