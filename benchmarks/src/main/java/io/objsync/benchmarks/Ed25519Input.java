package io.objsync.benchmarks;

/**
 * The Ed25519 benchmarks' inputs, the same in every JVM and for every implementation: signers' 32-byte seeds and
 * 100-byte messages. Single operations use signer 0 and message 0; a batch of n uses signers and messages 0 to
 * n-1, one signer per message, as a sync that checks entries from many peers would.
 */
final class Ed25519Input {

    static final int MESSAGE_LENGTH = 100;

    private Ed25519Input() {
    }

    /** Signer {@code i}'s seed. */
    static byte[] seed(int i) {
        return TestData.bytes("ed25519 seed " + i, 32);
    }

    /** Message {@code i}. */
    static byte[] message(int i) {
        return TestData.bytes("ed25519 message " + i, MESSAGE_LENGTH);
    }
}
