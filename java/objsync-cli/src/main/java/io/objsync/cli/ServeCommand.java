package io.objsync.cli;

import io.objsync.node.Node;
import picocli.CommandLine.Command;

/** {@code objsync serve}: runs this home's node, serving its blobs and documents until stopped. */
@Command(name = "serve", description = "Serve this home's blobs and documents until stopped.")
final class ServeCommand extends NodeCommand {

    @Override
    public Integer call() throws Exception {
        try (Node n = node.open(main.home())) {
            NodeOptions.announce(n, err());
            out().println(n.addr().nodeId());
            out().flush();
            NodeOptions.serveForever();
        }
        return 0;
    }
}
