package io.objsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code objsync hash FILE...}: BLAKE3 sums in b3sum's format ({@code <64 hex>  <name>}), and {@code --check}.
 * This is the command's model (usage, completion, errors); {@link HashArgs} parses the common forms of its
 * arguments without it at start-up, and both hand the work to {@link HashRun}.
 */
@Command(name = "hash", description = "Print or check BLAKE3 checksums (b3sum's format).")
final class HashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to hash; '-' or none reads standard input.")
    List<String> files = List.of();

    @Option(names = {"-c", "--check"}, description = "Read checksum lines from the FILEs and check them.")
    boolean check;

    @Option(names = "--backend", paramLabel = "NAME", completionCandidates = Backends.class,
            description = "Force a backend: ${COMPLETION-CANDIDATES}.")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per file, like b3sum (default: the ${DEFAULT-VALUE} available processors); the "
                    + "BLAKE3 tree splits across them, same result. Small files are hashed on one thread.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-names", description = "Print only the hashes.")
    boolean noNames;

    /** The backends --backend accepts. */
    static final class Backends extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Backends() {
            super(HashRun.BACKENDS);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (backend != null && !HashRun.BACKENDS.contains(backend)) {
            throw new ParameterException(spec.commandLine(), "--backend: expected java, jni or ffm, got '"
                    + backend + "'");
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        return new HashRun(backend, threads, noNames, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(files, check);
    }
}
