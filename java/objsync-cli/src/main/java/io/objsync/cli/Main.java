package io.objsync.cli;

import io.objsync.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The {@code objsync} command: verbs are subcommands. */
@Command(name = "objsync", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Content-addressed sync: BLAKE3/BAO verified blobs, signed documents, tickets.",
        subcommands = {HashCommand.class, OutboardCommand.class, VerifyCommand.class, EncodeCommand.class,
            DecodeCommand.class, StoreCommand.class, DocCommand.class, SendCommand.class, ReceiveCommand.class,
            ServeCommand.class, IdentityCommand.class, VaultCommand.class, Main.VersionCommand.class})
public final class Main {

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "State directory (default: $OBJSYNC_HOME, $XDG_DATA_HOME/objsync, ~/.local/share/objsync).")
    Path home;

    /** The state directory for this invocation. */
    Path home() {
        return ObjsyncHome.resolve(home, System.getenv(), System.getProperty("user.home"));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: errors print one line, "objsync: <reason>", and exit with 2. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("objsync: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 2;
        });
        return cl;
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
