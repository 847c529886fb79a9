package io.objsync.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh directories under target/ for tests that do not take a JUnit @TempDir. */
final class TempDirs {
    private TempDirs() {
    }

    static Path create() {
        try {
            Path base = Path.of("target", "test-dirs");
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "vault");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
