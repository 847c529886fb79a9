package io.objsync.bindings;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extraction from the jar, seen from fresh JVMs: several at once, another platform, a noexec temp directory. */
class LoaderProcessTest {

    @TempDir
    Path dir;

    /** Prints the state of the jni backend; run in child JVMs. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(io.objsync.Backends.isAvailable("jni") ? "jni available"
                    : "jni unavailable: " + io.objsync.Backends.unavailabilityCause("jni").orElseThrow().getMessage());
        }
    }

    private static Process probe(Path tmpdir, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-Dobjsync.native.tmpdir=" + tmpdir, "-Djava.library.path=/nonexistent",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String output(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void severalJvmsExtractIntoOneDirectoryAtOnce() throws Exception {
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            procs.add(probe(dir));
        }
        for (Process p : procs) {
            assertEquals("jni available", output(p));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "extracted copies must be removed after loading");
        }
    }

    /** A JVM claiming another CPU (the test class path holds the linux-x86_64 library only) is told why. */
    @Test
    void aPlatformWithoutALibraryIsExplained() throws Exception {
        assertEquals("jni unavailable: no objsync native library for linux-riscv64: objsync-native is built for "
                + "linux-x86_64, linux-aarch64, windows-x86_64 (on the class path: linux-x86_64); or set -D"
                + NativeLibrary.PATH_PROPERTY, output(probe(dir, "-Dos.arch=riscv64")));
        assertEquals("jni unavailable: no objsync native library for linux-aarch64 on the class path: add "
                + "objsync-native with classifier linux-aarch64 (on the class path: linux-x86_64); or set -D"
                + NativeLibrary.PATH_PROPERTY, output(probe(dir, "-Dos.arch=arm64")));
    }

    @Test
    void noexecTempDirectoryIsDiagnosed() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("noexec"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=16m", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Mounting needs root (CI runs as root); elsewhere this scenario cannot be built.
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a noexec tmpfs here: " + why);
        try {
            String out = output(probe(mnt));
            assertTrue(out.startsWith("jni unavailable"), out);
            assertTrue(out.contains("noexec") && out.contains(NativeLibrary.TMPDIR_PROPERTY), out);
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }
}
