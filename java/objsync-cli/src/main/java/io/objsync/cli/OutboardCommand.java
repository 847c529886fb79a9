package io.objsync.cli;

import io.objsync.bao.Outboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

/** {@code objsync outboard FILE [-o OUT]}: prints the BLAKE3 hash and writes the pre-order BAO outboard. */
@Command(name = "outboard", description = "Compute a file's BAO outboard (pre-order, no size) and print its hash.")
final class OutboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Outboard file (default: FILE.obao<BLOCK_LOG>).")
    Path output;

    @Option(names = "--block-log", defaultValue = "4", description = "log2 of chunks per group (4 = 16 KiB, 0 = classic bao).")
    int blockLog;

    @Option(names = "--threads", defaultValue = "1", description = "Threads to hash with (same result).")
    int threads;

    @Override
    public Integer call() throws IOException {
        Outboard ob = Outboard.builder().blockLog(blockLog).threads(threads).compute(file);
        Path out = output != null ? output : Paths.get(file + ".obao" + blockLog);
        Files.write(out, ob.toByteArray());
        spec.commandLine().getOut().println(ob.root().toHex() + "  " + file);
        spec.commandLine().getErr().println("outboard: " + out + " (" + ob.toByteArray().length + " bytes, size "
                + ob.size() + ")");
        return 0;
    }
}
