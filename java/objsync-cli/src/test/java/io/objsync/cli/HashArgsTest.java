package io.objsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HashArgs}, the hash command's fast path, against its picocli model: whatever the fast path takes, picocli
 * takes too, with the same values; whatever it leaves, picocli gets (so usage and errors stay picocli's).
 */
class HashArgsTest {

    @TempDir
    Path dir;

    /** Options, values and malformed inputs that the combinations are made of. */
    private static final List<String> TOKENS = List.of("-c", "--check", "--no-names", "--backend", "jni", "ffm",
            "java", "--backend=ffm", "--backend=bad", "bad", "--threads", "3", "0", "-1", "+2", "x", "", "99999999999",
            "--threads=2", "--threads=", "-", "--", "f", "-x", "-ch", "--check=true", "@args", "-h", "--help",
            "--home", "--no-such", "-V");

    /** picocli's reading of {@code objsync ARGS}, as the hash command would run it, or null if it would refuse. */
    private static HashArgs picocli(String[] args) {
        CommandLine cl = Main.commandLine(args);
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return null;
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested() || !parsed.hasSubcommand()) {
            return null;
        }
        ParseResult sub = parsed.subcommand();
        if (sub.isUsageHelpRequested() || !(sub.commandSpec().userObject() instanceof HashCommand h)) {
            return null;
        }
        Main root = (Main) parsed.commandSpec().userObject();
        if (root.home != null || (h.backend != null && !HashRun.BACKENDS.contains(h.backend)) || h.threads < 1) {
            return null; // the fast path does not take --home; the others are the command's own refusals
        }
        return new HashArgs(h.files, h.check, h.backend, h.threads, h.noNames);
    }

    private static void compare(List<String> tail, int[] taken) {
        String[] args = new String[tail.size() + 1];
        args[0] = "hash";
        for (int i = 0; i < tail.size(); i++) {
            args[i + 1] = tail.get(i);
        }
        HashArgs fast = HashArgs.parse(args);
        if (fast != null) {
            taken[0]++;
            assertEquals(picocli(args), fast, "fast path and picocli differ on " + List.of(args));
        }
    }

    @Test
    void everyCombinationTheFastPathTakesPicocliReadsTheSame() {
        int[] taken = {0};
        int combinations = 0;
        List<List<String>> level = List.of(List.of());
        for (int length = 0; length <= 3; length++) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> tail : level) {
                compare(tail, taken);
                combinations++;
                for (String t : TOKENS) {
                    List<String> longer = new ArrayList<>(tail);
                    longer.add(t);
                    next.add(longer);
                }
            }
            level = length < 3 ? next : List.of();
        }
        assertTrue(combinations > 30_000, "combinations: " + combinations);
        assertTrue(taken[0] > 1_000, "the fast path took only " + taken[0] + " of " + combinations);
    }

    @Test
    void thePlainFormsTakeTheFastPath() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(new HashArgs(List.of("a", "-"), false, null, cores, false),
                HashArgs.parse(new String[] {"hash", "a", "-"}));
        assertEquals(new HashArgs(List.of(), true, "jni", 4, true),
                HashArgs.parse(new String[] {"hash", "--no-names", "--threads", "4", "-c", "--backend", "jni"}));
        assertEquals(new HashArgs(List.of("s"), true, null, 1, false),
                HashArgs.parse(new String[] {"hash", "--check", "s", "--threads", "01"}));
    }

    @Test
    void anythingElseFallsBackToPicocli() {
        for (String[] args : List.of(new String[] {}, new String[] {"version"}, new String[] {"--home", "h", "hash"},
                new String[] {"hash", "--help"}, new String[] {"hash", "-c", "-c"}, new String[] {"hash", "--threads"},
                new String[] {"hash", "--threads", "0"}, new String[] {"hash", "--backend", "gpu"},
                new String[] {"hash", "--", "-f"}, new String[] {"hash", "@list"}, new String[] {"hash", "-cx"})) {
            assertNull(HashArgs.parse(args), List.of(args).toString());
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run fast(String... args) {
        HashArgs parsed = HashArgs.parse(args);
        assertNotNull(parsed, List.of(args).toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.runHash(parsed, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run picocliRun(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    @Test
    void bothPathsPrintTheSameAndExitTheSame() throws IOException {
        Path a = Files.write(dir.resolve("a"), new byte[5000]);
        Path b = Files.write(dir.resolve("b\\c"), new byte[] {1, 2, 3});
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path good = Files.writeString(dir.resolve("good.b3"),
                fast("hash", a.toString(), b.toString()).out());
        Path bad = Files.writeString(dir.resolve("bad.b3"), "0".repeat(64) + "  " + a + "\n");
        Path broken = Files.writeString(dir.resolve("broken.b3"), "not a checksum line\n");
        String missing = dir.resolve("missing").toString();
        List<String[]> cases = List.of(
                new String[] {"hash", a.toString(), b.toString()},
                new String[] {"hash", "--no-names", "--threads", "2", a.toString()},
                new String[] {"hash", "--backend", "java", a.toString(), missing, sub.toString()},
                new String[] {"hash", "-c", good.toString()},
                new String[] {"hash", "--check", bad.toString(), good.toString()},
                new String[] {"hash", "--check", broken.toString()},
                new String[] {"hash", "--check", missing});
        for (String[] args : cases) {
            Run fast = fast(args);
            assertEquals(picocliRun(args), fast, List.of(args).toString());
        }
        assertEquals(ExitStatus.CHECK_FAILED.code, fast("hash", "--check", bad.toString()).code());
        assertEquals(ExitStatus.USAGE.code, fast("hash", "--check", broken.toString()).code());
        assertEquals(ExitStatus.IO.code, fast("hash", missing).code());
    }
}
