package io.objsync.benchmarks;

import io.objsync.bao.Outboard;
import io.objsync.hash.Blake3;
import io.objsync.hash.Blake3Parallel;
import io.objsync.hash.Hash;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Scaling with threads: BLAKE3 ({@link Blake3#parallel(int)}) and BAO outboards of one large array. */
public class ParallelBenchmark extends BackendBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param("64MiB")
    public String size;

    private byte[] input;
    private Blake3Parallel hasher;
    private Outboard.Builder outboards;

    /** Picks the backend, allocates the input and configures both operations for {@link #threads}. */
    @Setup
    public void setUp() {
        useBackend();
        input = TestData.bytes(Sizes.parseArraySize(size));
        hasher = Blake3.parallel(threads);
        outboards = Outboard.builder().threads(threads);
    }

    /** The BLAKE3 hash, the tree split over {@link #threads} threads. */
    @Benchmark
    public Hash hash() {
        return hasher.hash(input);
    }

    /** The 16 KiB-group outboard, on {@link #threads} threads. */
    @Benchmark
    public Outboard outboard() {
        return outboards.compute(input);
    }
}
