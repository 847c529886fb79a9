package io.objsync.cli;

import io.objsync.hash.Blake3;
import io.objsync.hash.Blake3Hasher;
import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
import java.util.concurrent.Callable;

/** {@code objsync hash FILE...}: BLAKE3 sums in b3sum's format ({@code <64 hex>  <name>}), and {@code --check}. */
@Command(name = "hash", description = "Print or check BLAKE3 checksums (b3sum's format).")
final class HashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to hash; '-' or none reads standard input.")
    List<String> files = List.of();

    @Option(names = {"-c", "--check"}, description = "Read checksum lines from the FILEs and check them.")
    boolean check;

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = Backends.class,
            description = "Force a backend: ${COMPLETION-CANDIDATES}.")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per file, like b3sum (default: the ${DEFAULT-VALUE} available processors); the "
                    + "BLAKE3 tree splits across them, same result. Small files are hashed on one thread.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-names", description = "Print only the hashes.")
    boolean noNames;

    /** The backends --backend accepts. */
    static final class Backends extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Backends() {
            super(List.of("java", "jni", "ffm"));
        }
    }

    @Override
    public Integer call() throws IOException {
        if (backend != null) {
            if (!new Backends().contains(backend)) {
                throw new ParameterException(spec.commandLine(), "--backend: expected java, jni or ffm, got '"
                        + backend + "'");
            }
            System.setProperty(BackendRegistry.BACKEND_PROPERTY, backend);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        List<String> inputs = files.isEmpty() ? List.of("-") : files;
        return check ? check(inputs) : print(inputs);
    }

    private int print(List<String> inputs) {
        PrintWriter out = spec.commandLine().getOut();
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
                spec.commandLine().getErr().println("objsync: " + name + ": " + reason(e));
                status = ExitStatus.IO.code;
            }
        }
        out.flush();
        return status;
    }

    private int check(List<String> checkFiles) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
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
                        spec.commandLine().getErr().println("objsync: " + name + ": " + reason(e));
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
            spec.commandLine().getErr().println("objsync: WARNING: " + failures + " computed checksum"
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
