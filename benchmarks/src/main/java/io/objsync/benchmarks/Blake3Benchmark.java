package io.objsync.benchmarks;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One-shot BLAKE3 of a heap array on each objsync backend ({@code Blake3.hash(byte[])}, one thread). Throughput
 * in operations per second; the report turns it into MB/s with the size.
 */
public class Blake3Benchmark extends BackendBenchmark {

    @Param({"64B", "1KiB", "16KiB", "1MiB", "64MiB"})
    public String size;

    private byte[] input;

    /** Picks the backend and allocates the input once per fork, outside the measurement. */
    @Setup
    public void setUp() {
        useBackend();
        input = TestData.bytes(Sizes.parseArraySize(size));
    }

    /** The hash of the whole input. */
    @Benchmark
    public Hash hash() {
        return Blake3.hash(input);
    }
}
