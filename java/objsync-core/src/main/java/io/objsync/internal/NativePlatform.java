package io.objsync.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which {@code objsync-native} classifier jar fits this JVM ({@code <os>-<arch>}, e.g. {@code linux-aarch64}),
 * and, when none does, a message that says why.
 */
public final class NativePlatform {

    /** The classifiers objsync-native is built for, in the order the build produces them. */
    public static final List<String> BUILT = List.of("linux-x86_64", "linux-aarch64", "windows-x86_64");

    private NativePlatform() {
    }

    /** This JVM's classifier, from {@code os.name} and {@code os.arch}. */
    public static String current() {
        return classifier(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * The classifier for an {@code os.name} and {@code os.arch}: the JDKs' spellings of one platform map to one
     * name ({@code amd64} and {@code x86_64} to {@code x86_64}, {@code arm64} and {@code aarch64} to
     * {@code aarch64}, every Windows version to {@code windows}); others pass through in lower case.
     */
    public static String classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT).replace(" ", "");
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("windows")) {
            os = "windows";
        } else if (os.startsWith("macos") || os.startsWith("darwin")) {
            os = "macos";
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> arch;
        };
        return os + "-" + arch;
    }

    /** Whether this JVM runs on musl libc (Alpine): its dynamic loader is mapped into the process. */
    public static boolean isMuslLinux() {
        if (!current().startsWith("linux-")) {
            return false;
        }
        try {
            return mapsShowMusl(Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a {@code /proc/<pid>/maps} listing has musl's loader, which is also its libc. */
    static boolean mapsShowMusl(String maps) {
        return maps.contains("/ld-musl-");
    }

    /**
     * Why no library can be loaded for {@code platform}: it is not one objsync-native is built for, it is a
     * musl Linux (the libraries need glibc), or the class path lacks its jar ({@code onClassPath} tells which
     * built classifiers are there).
     */
    public static String whyNoLibrary(String platform, boolean musl, Predicate<String> onClassPath) {
        List<String> present = BUILT.stream().filter(onClassPath).toList();
        String have = present.isEmpty() ? "none" : String.join(", ", present);
        if (!BUILT.contains(platform)) {
            return "no objsync native library for " + platform + ": objsync-native is built for "
                    + String.join(", ", BUILT) + " (on the class path: " + have + ")";
        }
        if (musl) {
            return "no objsync native library for " + platform + " with musl libc: the " + platform
                    + " library is built for glibc (on the class path: " + have + ")";
        }
        return "no objsync native library for " + platform + " on the class path: add objsync-native with "
                + "classifier " + platform + " (on the class path: " + have + ")";
    }
}
