package io.objsync.cli;

import io.objsync.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The {@code objsync} command: verbs are subcommands. */
@Command(name = "objsync", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Content-addressed sync: BLAKE3/BAO verified blobs, signed documents, tickets.",
        exitCodeListHeading = "%nExit codes:%n",
        footer = {"", "Commands that run a node (send, receive, serve, doc share/join/sync/watch, vault) speak QUIC,"
                + " as iroh nodes do; --transport tls runs them on TLS over TCP instead. Tickets do not name the"
                + " transport, so both ends must use the same.",
                "", "'objsync help COMMAND [SUBCOMMAND]' or 'objsync COMMAND --help' shows a command's usage."})
public final class Main {

    /**
     * The verbs, in the order the usage lists them. In a holder: naming a class loads it, and the hash fast path
     * ({@link #main}) must not load them (nor, through them, picocli).
     */
    private static final class Verbs {
        static final List<Class<?>> ALL = List.of(HashCommand.class, OutboardCommand.class, VerifyCommand.class,
                EncodeCommand.class, DecodeCommand.class, StoreCommand.class, DocCommand.class, SendCommand.class,
                ReceiveCommand.class, ServeCommand.class, IdentityCommand.class, VaultCommand.class,
                Main.VersionCommand.class, CompletionCommand.class, HelpCommand.class);
    }

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "State directory (default: $OBJSYNC_HOME, $XDG_DATA_HOME/objsync, ~/.local/share/objsync).")
    Path home;

    /** The state directory for this invocation. */
    Path home() {
        return ObjsyncHome.resolve(home, System.getenv(), System.getProperty("user.home"));
    }

    public static void main(String[] args) {
        HashArgs hash = HashArgs.parse(args);
        System.exit(hash != null ? runHash(hash, stdout(), stderr()) : run(args));
    }

    /**
     * {@code objsync hash} without picocli ({@link HashArgs}): the same work and the same error report as the
     * command's picocli path, on {@code out} and {@code err}; returns the exit status.
     */
    static int runHash(HashArgs args, PrintWriter out, PrintWriter err) {
        try {
            return new HashRun(args.backend(), args.threads(), args.noNames(), out, err)
                    .run(args.files(), args.check());
        } catch (Exception e) {
            return ExitStatus.report(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Standard output as picocli writes it: the encoding of -Dsun.stdout.encoding, else the default charset. */
    static PrintWriter stdout() {
        return writer(System.out, System.getProperty("sun.stdout.encoding"));
    }

    /** Standard error as picocli writes it. */
    static PrintWriter stderr() {
        return writer(System.err, System.getProperty("sun.stderr.encoding"));
    }

    private static PrintWriter writer(OutputStream stream, String encoding) {
        Charset charset = Charset.defaultCharset();
        if (encoding != null) {
            try {
                charset = Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
            } catch (RuntimeException e) {
                // picocli falls back to the default charset too
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The whole command tree, configured: what help, completion and the tests walk. */
    static CommandLine commandLine() {
        return build(Verbs.ALL);
    }

    /**
     * The command line for {@code args}. When they name a verb directly ({@code objsync [--home DIR] VERB ...}),
     * only that verb's subtree is built: picocli reflects over every annotated class it is given, and the other
     * verbs cost about as much start-up as the JVM itself (docs/benchmarks.md). Anything else (root options, help,
     * completion, an unknown verb and its suggestions) gets the whole tree, so usage and errors are unchanged.
     */
    static CommandLine commandLine(String... args) {
        Class<?> verb = directVerb(args);
        return verb == null ? commandLine() : build(List.of(verb));
    }

    private static Class<?> directVerb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home")) {
                i++;
            } else if (!a.startsWith("--home=")) {
                for (Class<?> c : Verbs.ALL) {
                    if (c != HelpCommand.class && c != CompletionCommand.class
                            && c.getAnnotation(Command.class).name().equals(a)) {
                        return c;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /**
     * The root with {@code verbs}: errors print "objsync: reason" (usage errors add a pointer to --help) and exit
     * with the {@link ExitStatus} of the failure; every command and subcommand answers {@code -h}/{@code --help}.
     */
    private static CommandLine build(List<Class<?>> verbs) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> verb : verbs) {
            cl.addSubcommand(verb);
        }
        cl.getCommandSpec().usageMessage().exitCodeList(ExitStatus.table());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("objsync: " + ex.getMessage());
            boolean suggested = CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            if (!suggested && !cmd.getSubcommands().isEmpty()) {
                cmd.usage(cmd.getErr()); // a group without its subcommand ("objsync", "objsync doc"): show them
            } else {
                cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return ExitStatus.USAGE.code;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> ExitStatus.report(ex, cmd.getErr()));
        Deque<CommandLine> todo = new ArrayDeque<>(cl.getSubcommands().values());
        while (!todo.isEmpty()) {
            CommandLine sub = todo.pop();
            addHelpOption(sub.getCommandSpec());
            todo.addAll(sub.getSubcommands().values());
        }
        return cl;
    }

    private static void addHelpOption(CommandSpec spec) {
        if (spec.optionsMap().get("--help") == null) {
            spec.addMixin("help", CommandSpec.forAnnotatedObject(new HelpOption()));
        }
    }

    /** {@code -h}/{@code --help} for a subcommand (the root also has {@code -V}/{@code --version}). */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"objsync " + (v != null ? v : "dev")};
        }
    }

    /** Prints the version, the active backend and why, and the status of every backend. */
    @Command(name = "version", description = "Show the version and which backend runs.")
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            out.println(new Version().getVersion()[0] + " on Java " + Runtime.version());
            out.println("backend: " + Backends.active() + " (" + Backends.reason() + ")");
            for (Map.Entry<String, String> e : Backends.describe().entrySet()) {
                out.println("  " + e.getKey() + ": " + e.getValue());
            }
        }
    }
}
