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

/** The shared library needs nothing beyond libc at run time (readelf -d lists its NEEDED entries). */
class LibraryDependenciesTest {

    private static final Set<String> ALLOWED = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1");

    @Test
    void onlyLibcAndTheLoaderAreNeeded() throws IOException, InterruptedException {
        Path lib = Paths.get("target", "classes", "META-INF", "native", io.objsync.internal.BackendRegistry
                .platformClassifier(), NativeLibrary.fileName());
        assertTrue(Files.isRegularFile(lib), "built library missing: " + lib.toAbsolutePath());
        Process p = new ProcessBuilder("readelf", "-d", lib.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
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
}
