package io.objsync.bindings;

import io.objsync.internal.NativePlatform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * Loads {@code libobjsync-<version>.so} ({@code objsync-<version>.dll} on Windows) once per class loader, for both
 * bridges.
 *
 * <p>Where it looks, in order:
 * <ol>
 *   <li>{@code -Dobjsync.native.path=/path/to/libobjsync-<version>.so}, when set (nothing else is tried);</li>
 *   <li>{@code java.library.path}, as {@code objsync-<version>} then {@code objsync};</li>
 *   <li>the jar: {@code META-INF/native/<platform>/} ({@link NativePlatform#current()}, e.g. {@code linux-aarch64};
 *       when it is missing, the error says whether the platform is one objsync-native is built for, a musl libc,
 *       or which classifier jars the class path has) is copied to a fresh file in
 *       {@code -Dobjsync.native.tmpdir} (default {@code java.io.tmpdir}), loaded, and deleted right away, so
 *       JVMs starting at the same time never share or clobber a half-written file.</li>
 * </ol>
 * The FFM bridge finds the symbols through {@link java.lang.foreign.SymbolLookup#loaderLookup()}, so one load
 * serves both. Failure is remembered and reported by {@link #unavailabilityCause()}, never thrown at class init.
 */
public final class NativeLibrary {

    /** Explicit path to the library file. */
    public static final String PATH_PROPERTY = "objsync.native.path";
    /** Directory the bundled library is extracted to. */
    public static final String TMPDIR_PROPERTY = "objsync.native.tmpdir";

    private static final String VERSION = readVersion();
    private static final Throwable CAUSE = load();

    private NativeLibrary() {
    }

    /** Whether the library is loaded. */
    public static boolean isAvailable() {
        return CAUSE == null;
    }

    /** Why the library could not be loaded, or null when it is loaded. */
    public static Throwable unavailabilityCause() {
        return CAUSE;
    }

    /** Throws the load failure, if any. */
    public static void ensureAvailable() {
        if (CAUSE != null) {
            throw new UnsatisfiedLinkError("objsync native library unavailable: " + CAUSE.getMessage());
        }
    }

    /** The version the bridges expect (and the library file name carries). */
    public static String version() {
        return VERSION;
    }

    /** The file name of the library for this platform and version. */
    public static String fileName() {
        return System.mapLibraryName("objsync-" + VERSION);
    }

    private static String readVersion() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("objsync-native.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    private static Throwable load() {
        try {
            String explicit = System.getProperty(PATH_PROPERTY);
            if (explicit != null && !explicit.isBlank()) {
                Path p = Paths.get(explicit).toAbsolutePath();
                if (!Files.isRegularFile(p)) {
                    return new UnsatisfiedLinkError("-D" + PATH_PROPERTY + "=" + explicit + " is not a file");
                }
                System.load(p.toString());
                return null;
            }
            for (String name : List.of("objsync-" + VERSION, "objsync")) {
                try {
                    System.loadLibrary(name);
                    return null;
                } catch (UnsatisfiedLinkError notOnPath) {
                    // fall through to the next place
                }
            }
            return extractAndLoad();
        } catch (Throwable t) {
            return t;
        }
    }

    private static Throwable extractAndLoad() throws IOException {
        String platform = NativePlatform.current();
        String resource = resourceFor(platform);
        boolean musl = NativePlatform.isMuslLinux();
        InputStream in = musl ? null : NativeLibrary.class.getResourceAsStream(resource);
        if (in == null) {
            return new UnsatisfiedLinkError(NativePlatform.whyNoLibrary(platform, musl,
                    built -> NativeLibrary.class.getResource(resourceFor(built)) != null)
                    + "; or set -D" + PATH_PROPERTY);
        }
        Path dir = Paths.get(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        try (in) {
            Files.createDirectories(dir);
            String name = fileName();
            Path tmp = Files.createTempFile(dir, "objsync-" + VERSION + "-", name.substring(name.lastIndexOf('.')));
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try {
                    System.load(tmp.toString());
                } catch (UnsatisfiedLinkError e) {
                    return explain(e, dir);
                }
                return null;
            } finally {
                deleteLoaded(tmp);
            }
        } catch (UncheckedIOException e) {
            return e.getCause();
        }
    }

    /** Where a platform's library lies in its objsync-native jar. */
    private static String resourceFor(String platform) {
        return "/META-INF/native/" + platform + "/" + System.mapLibraryName("objsync-" + VERSION);
    }

    /**
     * Once mapped, the file is no longer needed; removing it now leaves nothing behind on a crash. Windows keeps a
     * loaded DLL's file locked: there it goes when the JVM exits, if the system lets it.
     */
    private static void deleteLoaded(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException lockedWhileLoaded) {
            file.toFile().deleteOnExit();
        }
    }

    /** A clearer message for the usual reason extraction fails: a temp directory mounted noexec. */
    private static Throwable explain(UnsatisfiedLinkError e, Path dir) {
        if (MountInfo.isNoExec(dir)) {
            UnsatisfiedLinkError clear = new UnsatisfiedLinkError("cannot load the objsync native library from "
                    + dir + ": that directory is on a file system mounted noexec; set -D" + TMPDIR_PROPERTY
                    + " to a directory that allows execution, or -D" + PATH_PROPERTY + " to an installed copy");
            clear.initCause(e);
            return clear;
        }
        return e;
    }
}
