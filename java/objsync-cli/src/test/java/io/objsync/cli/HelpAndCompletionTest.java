package io.objsync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command of the tree answers -h, --help and 'objsync help ...'; completion knows every command. */
class HelpAndCompletionTest {

    /** Every command path of the tree, from picocli's model (not a hand-kept list), the root's as []. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        for (CommandLine sub : cl.getSubcommands().values()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandName());
            collect(sub, next, into);
        }
    }

    private static String usageLine(List<String> path) {
        return "Usage: objsync" + (path.isEmpty() ? "" : " " + String.join(" ", path)) + " ";
    }

    @Test
    void everyCommandAnswersHelpOptions() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() > 30, "the whole tree: " + paths.size());
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
                assertEquals(0, r.exitCode(), args + ": " + r.err());
                assertTrue(r.out().startsWith(usageLine(path)), args + ": " + r.out());
                assertEquals("", r.err(), args.toString());
            }
        }
    }

    @Test
    void helpCommandShowsTheUsageOfEveryCommandAndSubcommand() {
        for (List<String> path : commandPaths()) {
            List<String> args = new ArrayList<>(List.of("help"));
            args.addAll(path);
            CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), args + ": " + r.err());
            assertTrue(r.out().startsWith(usageLine(path)), args + ": " + r.out());
        }
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageError() {
        CliRunner.Result r = CliRunner.run("help", "doc", "nope");
        assertEquals(ExitStatus.USAGE.code, r.exitCode());
        assertTrue(r.err().contains("Unknown command 'nope' for 'objsync doc'"), r.err());
    }

    @Test
    void aGroupWithoutItsSubcommandShowsItsUsage() {
        CliRunner.Result root = CliRunner.run();
        assertEquals(ExitStatus.USAGE.code, root.exitCode());
        assertTrue(root.err().startsWith("objsync: Missing required subcommand"), root.err());
        assertTrue(root.err().contains("Usage: objsync ") && root.err().contains("  completion "), root.err());
        CliRunner.Result doc = CliRunner.run("doc");
        assertEquals(ExitStatus.USAGE.code, doc.exitCode());
        assertTrue(doc.err().contains("Usage: objsync doc ") && doc.err().contains("  watch "), doc.err());
        CliRunner.Result typo = CliRunner.run("hsh");
        assertEquals(ExitStatus.USAGE.code, typo.exitCode());
        assertTrue(typo.err().contains("Did you mean: objsync hash?"), typo.err());
        assertTrue(typo.err().endsWith("Try 'objsync --help' for more information.\n"), typo.err());
    }

    @Test
    void exitCodesAreListedInTheRootUsageAndAsAHelpTopic() {
        CliRunner.Result usage = CliRunner.run("--help");
        CliRunner.Result topic = CliRunner.run("help", HelpCommand.EXIT_CODES);
        assertEquals(0, topic.exitCode(), topic.err());
        for (ExitStatus s : ExitStatus.values()) {
            assertTrue(usage.out().contains(s.code + "   "), s + " in: " + usage.out());
            assertTrue(topic.out().contains("  " + s.code + " "), s + " in: " + topic.out());
        }
    }

    @Test
    void theUsageSaysNodesSpeakQuicUnlessAskedForTls() {
        String root = CliRunner.run("--help").out().replaceAll("\\s+", " ");
        assertTrue(root.contains("speak QUIC") && root.contains("--transport tls"), root);
        String send = CliRunner.run("help", "send").out().replaceAll("\\s+", " ");
        assertTrue(send.contains("Tickets do not say which") && send.contains("(default: quic)"), send);
    }

    /** The lazily built tree of a direct verb gives the same usage as the whole tree. */
    @Test
    void aDirectVerbGetsTheSameUsageAsTheWholeTree() {
        for (List<String> path : commandPaths()) {
            if (path.isEmpty()) {
                continue;
            }
            CommandLine whole = Main.commandLine();
            for (String name : path) {
                whole = whole.getSubcommands().get(name);
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertEquals(whole.getUsageMessage(CommandLine.Help.Ansi.OFF), CliRunner.run(args.toArray(new String[0])).out(),
                    path.toString());
        }
    }

    @Test
    void completionScriptKnowsEveryCommand() {
        CliRunner.Result r = CliRunner.run("completion", "bash");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(r.out().contains("complete -F _complete_objsync"), "registers the function");
        for (List<String> path : commandPaths()) {
            if (!path.isEmpty()) {
                String name = path.get(path.size() - 1);
                assertTrue(r.out().contains(name), name);
            }
        }
        // Each subcommand gets its own completion function, named by its path.
        assertTrue(r.out().contains("function _picocli_objsync_doc_set()"), "doc set has a function");
        assertTrue(r.out().contains("function _picocli_objsync_store_add()"), "store add has a function");
        assertEquals(ExitStatus.USAGE.code, CliRunner.run("completion", "fish").exitCode());
        assertFalse(CliRunner.run("completion").out().isEmpty(), "bash by default");
    }
}
