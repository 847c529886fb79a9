package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.spi.Backend;
import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

/** Hashing files: read (small) or mapped (large), window by window, on one or several threads. */
class Blake3FileTest {

    private static final Blake3Engine REFERENCE = Blake3Engine.of(BackendsUnderTest.java());

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void fileHashEqualsInMemoryHash(Backend backend) throws IOException {
        // Windows of 64 KiB make the larger files span several map windows.
        Blake3Engine engine = Blake3Engine.of(backend).withMapWindow(64 * 1024);
        Random rnd = new Random(11);
        byte[] key = Blake3Inputs.random(rnd, 32);
        int w = 64 * 1024;
        for (int size : new int[] {0, 1, 1025, w - 1, w, w + 1, 2 * w, 3 * w + 1024, 5 * w + 17, 1 << 20}) {
            byte[] data = Blake3Inputs.random(rnd, size);
            Path file = dir.resolve("f" + size);
            Files.write(file, data);
            Hash expected = REFERENCE.hash(data);
            String what = size + " bytes";
            assertEquals(expected, engine.hash(file), what);
            assertEquals(expected, Blake3Engine.of(backend).hash(file), what + ", default window");
            for (int threads = 1; threads <= 3; threads++) {
                Blake3Parallel p = engine.parallel(threads).withMinPiece(1024);
                assertEquals(expected, p.hash(file), what + ", " + threads + " threads");
                assertEquals(REFERENCE.keyedHash(key, data), p.withKey(key).hash(file), what + " keyed");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void missingFileOrDirectoryIsAnIOException(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(backend);
        assertThrows(NoSuchFileException.class, () -> engine.hash(dir.resolve("absent")));
        assertThrows(IOException.class, () -> engine.hash(dir));
        assertThrows(NoSuchFileException.class, () -> engine.parallel(2).hash(dir.resolve("absent")));
        assertThrows(NullPointerException.class, () -> engine.hash((Path) null));
    }
}
