package io.objsync.bindings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared library needs nothing beyond libc at run time (readelf -d lists its NEEDED entries) and exports
 * only our C ABI and JNI entry points: the statically linked libsodium and OpenSSL stay hidden, so a process can
 * load other copies of them beside ours.
 */
class LibraryDependenciesTest {

    private static final Set<String> ALLOWED = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1");

    @Test
    void onlyLibcAndTheLoaderAreNeeded() throws IOException, InterruptedException {
        String out = readelf("-d");
        List<String> needed = new ArrayList<>();
        Matcher m = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^]]+)]").matcher(out);
        while (m.find()) {
            needed.add(m.group(1));
        }
        assertFalse(needed.isEmpty(), "readelf output had no NEEDED entry at all:\n" + out);
        for (String n : needed) {
            assertTrue(ALLOWED.contains(n), "unexpected run-time dependency " + n + " in " + needed);
        }
    }

    @Test
    void onlyOurSymbolsAreExported() throws IOException, InterruptedException {
        String out = readelf("--dyn-syms", "-W");
        // Num: Value Size Type Bind Vis Ndx Name
        Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+(\\S+)\\s+\\S+\\s+(\\S+)\\s+(\\S+)")
                .matcher(out);
        List<String> exported = new ArrayList<>();
        while (m.find()) {
            boolean defined = !m.group(3).equals("UND") && !m.group(1).equals("SECTION");
            if (defined && !m.group(2).equals("LOCAL")) {
                exported.add(m.group(4));
            }
        }
        assertTrue(exported.contains("objsync_xchacha_seal"), "objsync_xchacha_seal not exported:\n" + out);
        for (String name : exported) {
            assertTrue(name.startsWith("objsync_") || name.startsWith("Java_io_objsync_"),
                    "exported symbol " + name + " is not ours");
        }
    }

    private static String readelf(String... options) throws IOException, InterruptedException {
        Path lib = Paths.get("target", "classes", "META-INF", "native", io.objsync.internal.BackendRegistry
                .platformClassifier(), NativeLibrary.fileName());
        assertTrue(Files.isRegularFile(lib), "built library missing: " + lib.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of("readelf"));
        command.addAll(List.of(options));
        command.add(lib.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
