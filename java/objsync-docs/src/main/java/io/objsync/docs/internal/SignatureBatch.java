package io.objsync.docs.internal;

import io.objsync.crypto.Ed25519BatchVerifier;
import io.objsync.crypto.Ed25519PublicKey;

/**
 * The one place documents verify signatures: triples collected, then checked together by the crypto batch
 * verifier over every core. Entry ingest adds two triples per entry (namespace and author).
 */
public final class SignatureBatch {
    private final Ed25519BatchVerifier batch = Ed25519BatchVerifier.create();

    /** Adds a triple; its index is the number added before. */
    public SignatureBatch add(byte[] publicKey, byte[] message, byte[] signature) {
        batch.add(Ed25519PublicKey.fromBytes(publicKey), message, signature);
        return this;
    }

    /** Number of triples added. */
    public int size() {
        return batch.size();
    }

    /** Verdicts in the order added. */
    public boolean[] verify() {
        int n = batch.size();
        boolean[] ok = new boolean[n];
        if (n == 0) {
            return ok;
        }
        Ed25519BatchVerifier.Result r = batch.verify();
        for (int i = 0; i < n; i++) {
            ok[i] = r.isValid(i);
        }
        return ok;
    }
}
