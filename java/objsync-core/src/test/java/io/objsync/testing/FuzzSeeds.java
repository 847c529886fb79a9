package io.objsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The seed corpus of a Jazzer fuzz test, made from real encodings. Jazzer's regression mode runs a
 * {@code @FuzzTest} method on every file under {@code <package>/<TestClass>Inputs/<method>/} on the test class
 * path; each fuzz test class also has a plain test that calls {@link #check} with the seeds it generates, so a
 * change of a wire format that leaves the committed seeds stale fails the build. Run that test with
 * {@code -Dobjsync.fuzz.writeSeeds=true} (what {@code ci/fuzz.sh --write-seeds} does) to write the files into
 * the module's {@code src/test/resources} first.
 */
public final class FuzzSeeds {

    private FuzzSeeds() {
    }

    /** {@code length} bytes of {@code value}: fixed keys and seeds keep generated seeds reproducible. */
    public static byte[] filled(int value, int length) {
        byte[] a = new byte[length];
        Arrays.fill(a, (byte) value);
        return a;
    }

    /** Writes the seeds when asked, then checks that each one is on the class path with exactly these bytes. */
    public static void check(Class<?> testClass, String method, Map<String, byte[]> seeds) throws IOException {
        String dir = testClass.getSimpleName() + "Inputs/" + method + "/";
        if (Boolean.getBoolean("objsync.fuzz.writeSeeds")) {
            Path target = Path.of(System.getProperty("basedir", "."), "src/test/resources",
                    testClass.getPackageName().replace('.', '/'), dir);
            Files.createDirectories(target);
            for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                Files.write(target.resolve(e.getKey()), e.getValue());
            }
        }
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            byte[] committed;
            // Written just now, the files are not yet in target/test-classes: read the source tree then.
            Path source = Path.of(System.getProperty("basedir", "."), "src/test/resources",
                    testClass.getPackageName().replace('.', '/'), dir, e.getKey());
            try (InputStream in = testClass.getResourceAsStream(dir + e.getKey())) {
                if (in == null && Boolean.getBoolean("objsync.fuzz.writeSeeds")) {
                    committed = Files.readAllBytes(source);
                } else {
                    assertNotNull(in, "seed " + dir + e.getKey() + " is missing: run ci/fuzz.sh --write-seeds");
                    committed = in.readAllBytes();
                }
            }
            assertArrayEquals(e.getValue(), committed, "seed " + dir + e.getKey()
                    + " is stale: run ci/fuzz.sh --write-seeds");
        }
    }
}
