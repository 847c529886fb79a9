package io.objsync.vault;

import java.nio.file.Path;

/** The keyring the vault tests start from: a fresh one under a test directory, with a new identity. */
final class TestKeyrings {
    private TestKeyrings() {
    }

    static Keyring withIdentity(Path dir) {
        Keyring ring = Keyring.open(dir.resolve("keyring"));
        ring.generateIdentity();
        return ring;
    }
}
