package io.objsync.benchmarks;

import io.objsync.bao.Outboard;
import io.objsync.hash.Hash;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * BAO verified streaming against plain hashing of the same blob, one thread, on each backend: outboard
 * computation, encoding every chunk (to a null sink) and decoding that stream (verifying everything), in place
 * and through an {@code InputStream}. The report divides each by {@link #hash()} of the same run.
 */
public class BaoBenchmark extends BackendBenchmark {

    /** An array of that size, or with {@code -file} a file of that size (see {@link BaoInput#open}). */
    @Param({"1MiB", "64MiB", "1GiB-file"})
    public String input;

    private BaoInput blob;
    private Outboard.Builder oneThread;
    private Outboard outboard;

    /** Picks the backend, prepares the blob, its outboard and its stream, and checks that decoding verifies. */
    @Setup
    public void setUp() throws IOException {
        useBackend();
        blob = BaoInput.open(input);
        oneThread = Outboard.builder().threads(1);
        outboard = blob.outboard(oneThread);
        Hash root = blob.hash();
        if (!outboard.root().equals(root)) {
            throw new IllegalStateException("outboard root " + outboard.root() + " differs from hash " + root);
        }
        blob.prepareStream(outboard);
        long released = blob.decode();
        long streamed = blob.decodeStream();
        if (released != blob.size() || streamed != blob.size()) {
            throw new IllegalStateException("decoding released " + released + " and " + streamed + " of "
                    + blob.size() + " bytes");
        }
    }

    /** Closes the file input, if any. */
    @TearDown
    public void tearDown() throws IOException {
        blob.close();
    }

    /** The reference: BLAKE3 of the blob. */
    @Benchmark
    public Hash hash() throws IOException {
        return blob.hash();
    }

    /** The blob's outboard (16 KiB groups). */
    @Benchmark
    public Outboard outboard() throws IOException {
        return blob.outboard(oneThread);
    }

    /** The stream of every chunk, checked against the outboard as it is written. */
    @Benchmark
    public long encode() throws IOException {
        return blob.encode(outboard);
    }

    /** Decoding and verifying the full stream where it lies (the array, or the mapped file). */
    @Benchmark
    public long decode() throws IOException {
        return blob.decode();
    }

    /** Decoding and verifying the full stream read through an {@code InputStream}. */
    @Benchmark
    public long decodeStream() throws IOException {
        return blob.decodeStream();
    }
}
