package io.objsync.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command that opens a node shares: the node options and the command's output streams. */
abstract class NodeOptionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    NodeOptions node;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
