package io.objsync.cli;

import io.objsync.node.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code objsync serve}: runs this home's node, serving its blobs and documents until stopped. */
@Command(name = "serve", description = "Serve this home's blobs and documents until stopped.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;
    @Spec
    CommandSpec spec;
    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws Exception {
        try (Node n = node.open(main.home())) {
            NodeOptions.announce(n, spec.commandLine().getErr());
            spec.commandLine().getOut().println(n.addr().nodeId());
            spec.commandLine().getOut().flush();
            NodeOptions.serveForever();
        }
        return 0;
    }
}
