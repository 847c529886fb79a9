package io.objsync.cli;

import picocli.CommandLine.ParentCommand;

/** What the top-level verbs that run a node share: the home (from {@link Main}), the node options, the streams. */
abstract class NodeCommand extends NodeOptionsCommand {
    @ParentCommand
    Main main;
}
