package io.objsync.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's ahead-of-time cache: {@code bin/objsync} runs it once at build time
 * ({@code OBJSYNC_AOT_TRAIN=1}) with {@code -XX:AOTCacheOutput}, so later runs start with the classes it used
 * already loaded and linked. It runs what short invocations run: usage, help, hashing, version, a store listing.
 * Any command that fails fails the build, so the cache never learns an error path by mistake. With the argument
 * {@code hash} it trains the cache {@code objsync hash} runs with instead: only {@link HashArgs}'s fast path, so
 * that cache holds neither picocli nor the other commands' classes.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /**
     * Runs the training commands ({@code hash}: the hash fast path's) in a temporary directory, which it removes,
     * and exits through {@link System#exit} as {@link Main} does (the JDK sets up its logging there, to report the
     * exit: ~30 classes the cache should hold too).
     */
    public static void main(String[] args) throws IOException {
        train(args);
        System.exit(0);
    }

    private static void train(String[] args) throws IOException {
        boolean hashOnly = args.length == 1 && args[0].equals("hash");
        if (args.length > 0 && !hashOnly) {
            throw new IllegalArgumentException("usage: AotTraining [hash]");
        }
        Path dir = Files.createTempDirectory("objsync-aot-training");
        try {
            Path small = Files.write(dir.resolve("small.bin"), new byte[1000]);
            Path large = Files.write(dir.resolve("large.bin"), new byte[4 << 20]);
            Path sums = dir.resolve("sums.b3");
            String home = dir.resolve("home").toString();
            // a mismatch: the check path and its report
            Files.writeString(sums, "0".repeat(64) + "  " + small + "\n");
            if (hashOnly) {
                hash(ExitStatus.OK, "hash", small.toString(), large.toString());
                hash(ExitStatus.CHECK_FAILED, "hash", "--check", sums.toString());
                return;
            }
            run("hash", small.toString(), large.toString());
            runExpecting(ExitStatus.CHECK_FAILED, "hash", "--check", sums.toString());
            run("version");
            run("--help");
            run("help", "store", "add");
            run("doc", "--help");
            run("--home", home, "store", "ls");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** Runs {@code args} on the hash fast path, which must take them. */
    private static void hash(ExitStatus expected, String... args) {
        HashArgs parsed = HashArgs.parse(args);
        if (parsed == null) {
            throw new IllegalStateException("training command " + List.of(args) + " is not on the fast path");
        }
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        check(Main.runHash(parsed, discard, discard), expected, args);
    }

    private static void check(int code, ExitStatus expected, String... args) {
        if (code != expected.code) {
            throw new IllegalStateException("training command " + List.of(args) + " exited with " + code
                    + ", expected " + expected.code);
        }
    }

    private static void run(String... args) {
        runExpecting(ExitStatus.OK, args);
    }

    private static void runExpecting(ExitStatus expected, String... args) {
        CommandLine cl = Main.commandLine(args);
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        cl.setOut(discard);
        cl.setErr(discard);
        check(cl.execute(args), expected, args);
    }
}
