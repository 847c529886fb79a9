package io.objsync.benchmarks;

import io.objsync.Backends;
import io.objsync.internal.BackendRegistry;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * A benchmark measured on each objsync backend: throughput in operations per second, {@link #backend} as a JMH
 * parameter, FFM allowed. objsync picks its backend once per JVM, on first use; JMH runs every parameter
 * combination in a fresh fork, so a subclass's setup calls {@link #useBackend()} before anything else touches
 * objsync. A JVM that already picked another backend (forks = 0, or objsync used earlier) fails there instead
 * of measuring the wrong code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public abstract class BackendBenchmark {

    /** The objsync backend under test. */
    @Param({"java", "jni", "ffm"})
    public String backend;

    /** Makes {@link #backend} the active backend, or throws why it cannot be. */
    protected void useBackend() {
        System.setProperty(BackendRegistry.BACKEND_PROPERTY, backend);
        String active = Backends.active();
        if (!active.equals(backend)) {
            throw new IllegalStateException("backend " + backend + " requested but " + active + " is active ("
                    + Backends.reason() + "): each backend needs its own JVM; run with forks >= 1");
        }
    }
}
