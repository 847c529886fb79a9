package io.objsync.benchmarks;

import io.objsync.crypto.Ed25519BatchVerifier;
import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.crypto.Ed25519PublicKey;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Ed25519 on each objsync backend, on {@link Ed25519Input}'s 100-byte messages: signing, verifying one signature,
 * and verifying a batch of {@link #batch} signatures by as many signers with an {@link Ed25519BatchVerifier} on one
 * thread (so it compares with a loop of single verifies; the verifier can spread a batch over more threads).
 * Throughput in operations per second; one batch is one operation.
 */
public class Ed25519Benchmark extends BackendBenchmark {

    /** Signatures in a batch. */
    @Param({"64"})
    public int batch;

    private Ed25519PrivateKey key;
    private Ed25519PublicKey publicKey;
    private byte[] message;
    private byte[] signature;
    private Ed25519BatchVerifier verifier;

    /** Picks the backend, then makes the keys, signatures and the batch outside the measurement. */
    @Setup
    public void setUp() {
        useBackend();
        key = Ed25519PrivateKey.fromSeed(Ed25519Input.seed(0));
        publicKey = key.publicKey();
        message = Ed25519Input.message(0);
        signature = sign();
        verifier = Ed25519BatchVerifier.create(1);
        for (int i = 0; i < batch; i++) {
            Ed25519PrivateKey signer = Ed25519PrivateKey.fromSeed(Ed25519Input.seed(i));
            byte[] m = Ed25519Input.message(i);
            verifier.add(signer.publicKey(), m, signer.sign(m));
        }
        if (!verify() || !batchVerify()) {
            throw new IllegalStateException("objsync rejects its own signatures on " + backend);
        }
    }

    /** Signs message 0. */
    @Benchmark
    public byte[] sign() {
        return key.sign(message);
    }

    /** Verifies message 0's signature. */
    @Benchmark
    public boolean verify() {
        return publicKey.verify(message, signature);
    }

    /** Verifies the whole batch. */
    @Benchmark
    public boolean batchVerify() {
        return verifier.verify().allValid();
    }
}
