package io.objsync.benchmarks;

import io.objsync.hash.Blake3;

import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The pure-Java BLAKE3 implementations a Java project would otherwise use, on the inputs of
 * {@link Blake3Benchmark}, each through its usual one-shot path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Blake3PeersBenchmark {

    @Param({"64B", "1KiB", "16KiB", "1MiB", "64MiB"})
    public String size;

    private byte[] input;
    private final Blake3Digest bouncyCastleDigest = new Blake3Digest(256);
    private final byte[] bouncyCastleOut = new byte[32];

    /** Allocates the input and checks that both peers compute the same hash as objsync. */
    @Setup
    public void setUp() {
        input = TestData.bytes(Sizes.parseArraySize(size));
        byte[] expected = Blake3.hash(input).toBytes();
        if (!Arrays.equals(expected, commonsCodec()) || !Arrays.equals(expected, bouncyCastle())) {
            throw new IllegalStateException("a peer disagrees with objsync's BLAKE3 of " + size);
        }
    }

    /** Apache commons-codec's {@code org.apache.commons.codec.digest.Blake3}. */
    @Benchmark
    public byte[] commonsCodec() {
        return org.apache.commons.codec.digest.Blake3.hash(input);
    }

    /** BouncyCastle's {@code Blake3Digest}, reused (doFinal resets it). */
    @Benchmark
    public byte[] bouncyCastle() {
        bouncyCastleDigest.update(input, 0, input.length);
        bouncyCastleDigest.doFinal(bouncyCastleOut, 0);
        return bouncyCastleOut;
    }
}
