package io.objsync.cli;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import io.objsync.store.BlobFormat;
import io.objsync.store.BlobStatus;
import io.objsync.store.BlobStore;
import io.objsync.store.Collection;
import io.objsync.store.Durability;
import io.objsync.store.GcReport;
import io.objsync.store.StoreOptions;
import io.objsync.store.Tag;
import io.objsync.store.TempPin;
import io.objsync.store.ValidateReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code objsync store ...}: the local blob store in {@code <home>/store}. */
@Command(name = "store", description = "Add, list, export, tag, collect and validate blobs in the local store.",
        subcommands = {StoreCommand.Add.class, StoreCommand.Ls.class, StoreCommand.Get.class,
            StoreCommand.TagCmd.class, StoreCommand.Gc.class, StoreCommand.Validate.class})
final class StoreCommand {

    @ParentCommand
    Main main;

    BlobStore open() throws IOException {
        return open(Durability.SYNC);
    }

    BlobStore open(Durability imports) throws IOException {
        return BlobStore.open(main.home().resolve("store"), StoreOptions.defaults().importDurability(imports));
    }

    /** A hash given on the command line: 64 hex digits or base32. */
    static Hash parseHash(String s) {
        try {
            return s.length() == 64 ? Hash.fromHex(s) : Hash.fromBase32(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hash: " + s);
        }
    }

    /** Shared by the subcommands: the store, and where to print. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        StoreCommand store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** One line per tag: name, hash, format. */
        void printTags(BlobStore s) throws IOException {
            for (Tag t : s.tags()) {
                out().println(t.name() + "\t" + t.hash().toHex() + "\t" + format(t.format()));
            }
        }
    }

    @Command(name = "add", description = "Import a file (prints its hash) or a directory as a collection (prints the "
            + "collection's hash), and tag it so garbage collection keeps it.")
    static final class Add extends Sub {
        @Parameters(paramLabel = "PATH", description = "A file or a directory.")
        Path path;

        @Option(names = "--tag", paramLabel = "NAME", description = "Tag name (default: the file or directory name).")
        String tag;

        @Option(names = "--progress", description = "Show progress on standard error even when not on a terminal.")
        boolean progress;

        @Option(names = "--no-sync", description = "Do not flush the imported data to disk: about as fast as cp, safe "
                + "if objsync is killed, but a power loss soon after may lose the blob (reads then fail, never "
                + "return wrong data).")
        boolean noSync;

        @Option(names = "--reference", description = "Do not copy the file: the store keeps its outboard and "
                + "reads the file where it is (verified; reads fail once the file changes). Files only.")
        boolean reference;

        @Override
        public Integer call() throws IOException {
            boolean dir = checkImportable(path, reference);
            ProgressBar bar = new ProgressBar(err(), ProgressBar.wanted(progress), "adding");
            try (BlobStore s = store.open(noSync ? Durability.PROCESS_CRASH_SAFE : Durability.SYNC);
                 TempPin pin = importPath(s, path, reference, bar)) {
                bar.finish();
                String name = tag != null ? tag : path.toAbsolutePath().normalize().getFileName().toString();
                s.setTag(name, pin.hash(), pin.format());
                out().println(pin.hash().toHex());
            }
            return 0;
        }
    }

    /** Whether {@code path} is a directory; fails when it is neither a file nor one, or a directory by reference. */
    static boolean checkImportable(Path path, boolean reference) throws IOException {
        boolean dir = Files.isDirectory(path);
        if (!dir && !Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or directory");
        }
        if (dir && reference) {
            throw new IllegalArgumentException(path + ": --reference imports a single file, not a directory");
        }
        return dir;
    }

    /** Imports a file (copied, or by reference) or a directory as a collection. */
    static TempPin importPath(BlobStore s, Path path, boolean reference, ProgressBar bar) throws IOException {
        if (Files.isDirectory(path)) {
            return s.addDirectory(path, bar);
        }
        return reference ? s.addReference(path, bar) : s.add(path, bar);
    }

    @Command(name = "ls", description = "List blobs (hash, size, complete or the verified chunks), or tags.")
    static final class Ls extends Sub {
        @Option(names = "--tags", description = "List tags instead: name, hash, format.")
        boolean tags;

        @Override
        public Integer call() throws IOException {
            try (BlobStore s = store.open()) {
                if (tags) {
                    printTags(s);
                } else {
                    for (BlobStatus b : s.list()) {
                        out().println(b.hash().toHex() + "\t" + b.size() + "\t"
                                + (b.isComplete() ? "complete" : "partial " + b.verified()));
                    }
                }
            }
            return 0;
        }
    }

    static String format(BlobFormat f) {
        return f == BlobFormat.HASH_SEQ ? "hash-seq" : "raw";
    }

    @Command(name = "get", description = "Export a blob to a file, or with --collection a collection into a "
            + "directory; every byte is verified on the way out.")
    static final class Get extends Sub {
        @Parameters(paramLabel = "HASH")
        String hash;

        @Option(names = {"-o", "--output"}, paramLabel = "PATH", required = true, description = "Target file or directory.")
        Path output;

        @Option(names = "--collection", description = "HASH names a collection: write its files under PATH.")
        boolean collection;

        @Override
        public Integer call() throws IOException {
            Hash h = parseHash(hash);
            try (BlobStore s = store.open()) {
                if (!collection) {
                    s.export(h, output);
                    return 0;
                }
                exportCollection(s, h, output);
            }
            return 0;
        }
    }

    /** Writes collection {@code h}'s files under {@code output}, refusing names that leave it. */
    static void exportCollection(BlobStore s, Hash h, Path output) throws IOException {
        Collection c = s.readCollection(h);
        Path root = output.toAbsolutePath().normalize();
        for (Collection.Entry e : c.entries()) {
            Path target = root.resolve(e.name()).normalize();
            if (!target.startsWith(root) || e.name().isEmpty()) {
                throw new IOException("the collection names a path outside the target: " + e.name());
            }
            Files.createDirectories(target.getParent());
            s.export(e.hash(), target);
        }
    }

    @Command(name = "tag", description = "Without arguments list tags; with NAME HASH set one; with --delete NAME "
            + "remove one.")
    static final class TagCmd extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "HASH")
        String hash;

        @Option(names = "--hash-seq", description = "HASH is a hash sequence (a collection): keep what it lists too.")
        boolean hashSeq;

        @Option(names = "--delete", description = "Remove the tag NAME.")
        boolean delete;

        @Override
        public Integer call() throws IOException {
            try (BlobStore s = store.open()) {
                if (delete) {
                    if (name == null || !s.deleteTag(name)) {
                        err().println("objsync: no tag " + name);
                        return ExitStatus.CHECK_FAILED.code;
                    }
                } else if (name != null && hash != null) {
                    s.setTag(name, parseHash(hash), hashSeq ? BlobFormat.HASH_SEQ : BlobFormat.RAW);
                } else if (name == null) {
                    printTags(s);
                } else {
                    throw new CommandLine.ParameterException(spec.commandLine(), "give NAME and HASH, or --delete NAME");
                }
            }
            return 0;
        }
    }

    @Command(name = "gc", description = "Delete blobs that no tag keeps.")
    static final class Gc extends Sub {
        @Override
        public Integer call() throws IOException {
            try (BlobStore s = store.open()) {
                GcReport r = s.gc();
                out().println("removed " + r.blobsRemoved() + " blobs (" + ProgressBar.human(r.bytesRemoved())
                        + "), kept " + r.blobsKept() + (r.strayFiles() > 0 ? ", deleted " + r.strayFiles()
                        + " stray files" : ""));
            }
            return 0;
        }
    }

    @Command(name = "validate", description = "Re-verify every stored blob; damaged parts are marked missing. Exit "
            + "status 1 when damage was found.")
    static final class Validate extends Sub {
        @Override
        public Integer call() throws IOException {
            try (BlobStore s = store.open()) {
                ValidateReport r = s.validate();
                for (Map.Entry<Hash, ChunkRanges> d : r.damaged().entrySet()) {
                    out().println("DAMAGED " + d.getKey().toHex() + " chunks " + d.getValue());
                }
                out().println("checked " + r.blobsChecked() + " blobs (" + ProgressBar.human(r.bytesChecked()) + "): "
                        + (r.isClean() ? "OK" : r.damaged().size() + " damaged"));
                return r.isClean() ? 0 : 1;
            }
        }
    }
}
