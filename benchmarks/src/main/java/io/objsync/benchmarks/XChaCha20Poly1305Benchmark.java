package io.objsync.benchmarks;

import io.objsync.crypto.AeadBadTagException;
import io.objsync.crypto.XChaCha20Poly1305;
import io.objsync.crypto.XChaCha20Poly1305Key;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * XChaCha20-Poly1305 on each objsync backend: {@code seal(nonce, plaintext, null)} and
 * {@code open(nonce, sealed, null)} of heap arrays with an explicit nonce and no associated data, each returning a
 * new array ({@code ciphertext || tag}, or the plaintext). Throughput in operations per second; the report turns it
 * into MB/s of plaintext.
 */
public class XChaCha20Poly1305Benchmark extends BackendBenchmark {

    @Param({"64B", "1KiB", "16KiB", "1MiB"})
    public String size;

    private XChaCha20Poly1305 aead;
    private byte[] plaintext;
    private byte[] sealed;

    /** Picks the backend, then builds the cipher and both inputs outside the measurement. */
    @Setup
    public void setUp() {
        useBackend();
        aead = XChaCha20Poly1305.create(XChaCha20Poly1305Key.fromBytes(AeadInput.KEY));
        plaintext = AeadInput.plaintext(size);
        sealed = seal();
    }

    /** Encrypts and authenticates the plaintext. */
    @Benchmark
    public byte[] seal() {
        return aead.seal(AeadInput.NONCE, plaintext, null);
    }

    /** Checks and decrypts the sealed plaintext. */
    @Benchmark
    public byte[] open() throws AeadBadTagException {
        return aead.open(AeadInput.NONCE, sealed, null);
    }
}
