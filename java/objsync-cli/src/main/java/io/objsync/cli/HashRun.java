package io.objsync.cli;

import io.objsync.hash.Blake3;
import io.objsync.hash.Blake3Hasher;
import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * What {@code objsync hash} does once its arguments are parsed: print b3sum's lines or check them. It uses no
 * picocli, so that {@link HashArgs}'s fast path and {@link HashCommand} run the same code.
 */
final class HashRun {
    /** The backends {@code --backend} accepts. */
    static final List<String> BACKENDS = List.of("java", "jni", "ffm");

    /** The backend order a hash prefers when none is forced. */
    static final String PREFER = "jni,ffm,java";

    private final String backend;
    private final int threads;
    private final boolean noNames;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param backend the backend to force (one of {@link #BACKENDS}), or null for the default
     * @param threads threads per file (at least 1)
     * @param noNames print only the hashes
     * @param out     where the sums or check results go
     * @param err     where per-file errors and the check summary go
     */
    HashRun(String backend, int threads, boolean noNames, PrintWriter out, PrintWriter err) {
        this.backend = backend;
        this.threads = threads;
        this.noNames = noNames;
        this.out = out;
        this.err = err;
    }

    /** Hashes {@code files} (none: standard input), or checks the sums they list; returns the exit status. */
    int run(List<String> files, boolean check) throws IOException {
        if (backend != null) {
            System.setProperty(BackendRegistry.BACKEND_PROPERTY, backend);
        } else if (System.getProperty(BackendRegistry.BACKEND_PROPERTY) == null
                && System.getProperty(BackendRegistry.PREFER_PROPERTY) == null) {
            // A one-shot hash: JNI is set up in a fraction of FFM's time (no method handles to spin) and hashes
            // at the same speed, the calls being few and large (docs/benchmarks.md, "Command line").
            System.setProperty(BackendRegistry.PREFER_PROPERTY, PREFER);
        }
        List<String> inputs = files.isEmpty() ? List.of("-") : files;
        return check ? check(inputs) : print(inputs);
    }

    private int print(List<String> inputs) {
        int status = 0;
        for (String name : inputs) {
            try {
                Hash h = hash(name);
                if (noNames) {
                    out.println(h.toHex());
                } else {
                    String shown = escape(name);
                    out.println((shown.equals(name) ? "" : "\\") + h.toHex() + "  " + shown);
                }
            } catch (IOException e) {
                err.println("objsync: " + name + ": " + reason(e));
                status = ExitStatus.IO.code;
            }
        }
        out.flush();
        return status;
    }

    private int check(List<String> checkFiles) throws IOException {
        int failures = 0;
        for (String checkFile : checkFiles) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(open(checkFile), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    boolean escaped = line.startsWith("\\");
                    String body = escaped ? line.substring(1) : line;
                    if (body.length() < 66 || !body.startsWith("  ", 64)) {
                        throw new IllegalArgumentException("invalid checksum line in " + checkFile + ": " + line);
                    }
                    Hash expected = Hash.fromHex(body.substring(0, 64));
                    String shown = body.substring(66);
                    String name = escaped ? unescape(shown) : shown;
                    boolean ok;
                    try {
                        ok = hash(name).equals(expected);
                    } catch (IOException e) {
                        err.println("objsync: " + name + ": " + reason(e));
                        ok = false;
                    }
                    out.println(shown + ": " + (ok ? "OK" : "FAILED"));
                    if (!ok) {
                        failures++;
                    }
                }
            }
        }
        out.flush();
        if (failures > 0) {
            err.println("objsync: WARNING: " + failures + " computed checksum"
                    + (failures == 1 ? " did" : "s did") + " NOT match");
        }
        return failures == 0 ? 0 : ExitStatus.CHECK_FAILED.code;
    }

    private Hash hash(String name) throws IOException {
        if (name.equals("-")) {
            try (Blake3Hasher h = Blake3.newHasher()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = System.in.read(buf)) > 0; ) {
                    h.update(buf, 0, n);
                }
                return h.finalizeHash();
            }
        }
        Path p = Paths.get(name);
        if (Files.isDirectory(p)) {
            throw new IOException("Is a directory");
        }
        return Blake3.parallel(threads).hash(p);
    }

    private static InputStream open(String name) throws IOException {
        return name.equals("-") ? System.in : Files.newInputStream(Paths.get(name));
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** b3sum's escaping: backslash and newline in a name are escaped, and the line is then marked with '\'. */
    static String escape(String name) {
        if (name.indexOf('\\') < 0 && name.indexOf('\n') < 0) {
            return name;
        }
        return name.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
