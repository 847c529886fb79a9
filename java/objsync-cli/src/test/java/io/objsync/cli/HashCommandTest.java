package io.objsync.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code objsync hash} prints exactly what Debian's b3sum prints for the same files. */
class HashCommandTest {

    @TempDir
    Path dir;

    private List<String> randomFiles() throws IOException {
        Random rnd = new Random(42);
        int[] sizes = {0, 1, 63, 64, 1023, 1024, 1025, 16384, 16385, 100_000, 1 << 20, 3 * (1 << 20) + 17};
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            rnd.nextBytes(data);
            String name = i == 3 ? "with space " + i : i == 4 ? "back\\slash" + i : "file" + i + ".bin";
            Files.write(dir.resolve(name), data);
            names.add(dir.resolve(name).toString());
        }
        return names;
    }

    private static String b3sum(List<String> args) throws IOException, InterruptedException {
        Path exe = Path.of("/usr/bin/b3sum");
        if (!Files.isExecutable(exe)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("b3sum is required under CI=true (ci/deps.sh installs it)");
            }
            Assumptions.abort("Debian's b3sum is not installed");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "b3sum failed");
        return out;
    }

    @Test
    void outputIsByteIdenticalToB3sum() throws Exception {
        List<String> files = randomFiles();
        List<String> args = new ArrayList<>(List.of("hash"));
        args.addAll(files);
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(b3sum(files), r.out());
    }

    /** --backend must take effect before anything else picks one: each runs in a JVM of its own. */
    @Test
    void everyBackendPrintsTheSameAsB3sum() throws Exception {
        List<String> files = randomFiles();
        String expected = b3sum(files);
        List<String> backends = new ArrayList<>(List.of("java", "jni"));
        if (Runtime.version().feature() >= 22) {
            backends.add("ffm");
        }
        for (String backend : backends) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            if (Runtime.version().feature() >= 22) {
                cmd.add("--enable-native-access=ALL-UNNAMED");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.objsync.cli.Main", "hash",
                    "--backend=" + backend));
            cmd.addAll(files);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "backend " + backend);
            assertEquals(expected, out, "backend " + backend);
        }
    }

    @Test
    void versionNamesTheActiveBackend() {
        CliRunner.Result r = CliRunner.run("version");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("backend: " + io.objsync.Backends.active()), r.out());
    }

    @Test
    void threadsGiveTheSameOutput() throws Exception {
        List<String> files = randomFiles();
        List<String> args = new ArrayList<>(List.of("hash", "--threads", "3"));
        args.addAll(files);
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(b3sum(files), r.out());
    }

    /** Like b3sum, every processor by default (the b3sum comparisons above run with this default). */
    @Test
    void threadsDefaultToTheAvailableProcessors() {
        HashCommand hash = new HashCommand();
        new picocli.CommandLine(hash).parseArgs("x");
        assertEquals(Runtime.getRuntime().availableProcessors(), hash.threads);
    }

    @Test
    void checkReportsOkAndFailed() throws Exception {
        List<String> files = randomFiles();
        Path sums = dir.resolve("sums.b3");
        Files.writeString(sums, b3sum(files.subList(0, 3)));
        CliRunner.Result ok = CliRunner.run("hash", "--check", sums.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals(3, ok.out().lines().filter(l -> l.endsWith(": OK")).count(), ok.out());

        Files.write(Path.of(files.get(1)), new byte[] {7});
        CliRunner.Result bad = CliRunner.run("hash", "-c", sums.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.out().contains(files.get(1) + ": FAILED"), bad.out());
        assertTrue(bad.err().contains("1 computed checksum did NOT match"), bad.err());
    }

    @Test
    void missingFileIsReportedAndOthersStillHashed() throws Exception {
        List<String> files = randomFiles();
        CliRunner.Result r = CliRunner.run("hash", dir.resolve("nope").toString(), files.get(2));
        assertEquals(ExitStatus.IO.code, r.exitCode());
        assertTrue(r.err().contains("No such file or directory"), r.err());
        assertEquals(b3sum(List.of(files.get(2))), r.out());
    }

    @Test
    void escapingMatchesB3sum() {
        assertEquals("a\\\\b\\nc", HashRun.escape("a\\b\nc"));
        assertEquals("a\\b\nc", HashRun.unescape(HashRun.escape("a\\b\nc")));
    }
}
