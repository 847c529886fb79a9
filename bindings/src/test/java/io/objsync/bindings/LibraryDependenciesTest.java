package io.objsync.bindings;

import io.objsync.internal.NativePlatform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built library needs nothing beyond the system's C library (ELF: readelf -d lists its NEEDED entries; DLL:
 * objdump -p its imported DLLs, so no libgcc or libwinpthread DLL) and exports only our C ABI and JNI entry points:
 * the statically linked libsodium and OpenSSL stay hidden, so a process can load other copies of them beside ours.
 * The host's library always; with -Pcross also the cross-built ones (linux-aarch64, windows-x86_64).
 */
class LibraryDependenciesTest {

    private static final Set<String> ELF_ALLOWED = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0",
            "libdl.so.2", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1");
    /** Windows' own DLLs (compared case-insensitively): the C runtime, the kernel, and RtlGenRandom's advapi32. */
    private static final Set<String> DLL_ALLOWED = Set.of("kernel32.dll", "msvcrt.dll", "advapi32.dll");

    static Stream<String> platforms() {
        List<String> all = new ArrayList<>(List.of(NativePlatform.current()));
        String cross = System.getProperty("objsync.cross.platforms", "");
        for (String p : cross.split(",")) {
            if (!p.isBlank()) {
                all.add(p.trim());
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void onlyTheSystemsCLibraryIsNeeded(String platform) throws IOException, InterruptedException {
        List<String> needed = isWindows(platform)
                ? matches(objdumpPe(platform), "DLL Name: (\\S+)")
                : matches(run("readelf", "-d", library(platform).toString()),
                        "\\(NEEDED\\)\\s+Shared library: \\[([^]]+)]");
        assertFalse(needed.isEmpty(), "no needed library listed at all for " + platform);
        Set<String> allowed = isWindows(platform) ? DLL_ALLOWED : ELF_ALLOWED;
        for (String n : needed) {
            String name = isWindows(platform) ? n.toLowerCase(java.util.Locale.ROOT) : n;
            assertTrue(allowed.contains(name), "unexpected run-time dependency " + n + " in " + needed);
        }
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void onlyOurSymbolsAreExported(String platform) throws IOException, InterruptedException {
        List<String> exported = isWindows(platform) ? peExports(objdumpPe(platform)) : elfExports(platform);
        assertTrue(exported.contains("objsync_xchacha_seal"), "objsync_xchacha_seal not exported: " + exported);
        assertTrue(exported.contains("Java_io_objsync_bindings_jni_JniNative_hashArray"),
                "JNI entry points not exported: " + exported);
        for (String name : exported) {
            assertTrue(name.startsWith("objsync_") || name.startsWith("Java_io_objsync_"),
                    "exported symbol " + name + " is not ours");
        }
    }

    private static List<String> elfExports(String platform) throws IOException, InterruptedException {
        String out = run("readelf", "--dyn-syms", "-W", library(platform).toString());
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
        return exported;
    }

    /** The names of objdump's "[Ordinal/Name Pointer] Table" (the DLL's export directory). */
    private static List<String> peExports(String objdump) {
        int table = objdump.indexOf("[Ordinal/Name Pointer] Table");
        assertTrue(table >= 0, "no export table in objdump -p output");
        return matches(objdump.substring(table), "(?m)^\\s+\\[\\s*\\d+]\\s+(\\S+)\\s*$");
    }

    private static String objdumpPe(String platform) throws IOException, InterruptedException {
        return run("x86_64-w64-mingw32-objdump", "-p", library(platform).toString());
    }

    private static boolean isWindows(String platform) {
        return platform.startsWith("windows-");
    }

    private static Path library(String platform) {
        Path base = platform.equals(NativePlatform.current())
                ? Paths.get("target", "classes")
                : Paths.get(System.getProperty("objsync.cross.dir"), platform);
        String file = (isWindows(platform) ? "" : "lib") + "objsync-" + NativeLibrary.version()
                + (isWindows(platform) ? ".dll" : ".so");
        Path lib = base.resolve(Paths.get("META-INF", "native", platform, file));
        assertTrue(Files.isRegularFile(lib), "built library missing: " + lib.toAbsolutePath());
        return lib;
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
