package io.objsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code objsync help [COMMAND [SUBCOMMAND]]}: the usage of any command of the tree (picocli's own help command
 * looks one level deep only), or a topic: {@code exit-codes}.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of a command (objsync help doc set), or a topic: exit-codes.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    /** The help topic that lists the exit statuses. */
    static final String EXIT_CODES = "exit-codes";

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command and its subcommands, or exit-codes.")
    List<String> path = List.of();

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        if (path.equals(List.of(EXIT_CODES))) {
            out.println("Exit codes of objsync:");
            for (Map.Entry<String, String> e : ExitStatus.table().entrySet()) {
                out.printf("  %-8s %s%n", e.getKey(), e.getValue());
            }
            out.flush();
            return;
        }
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "Unknown command '" + name + "' for '"
                        + target.getCommandSpec().qualifiedName() + "'; commands: "
                        + String.join(", ", target.getSubcommands().keySet())
                        + (target == self.getParent() ? ", or the topic " + EXIT_CODES : ""));
            }
            target = next;
        }
        target.usage(out, colors);
    }
}
