package io.objsync.cli;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Hash;
import io.objsync.node.Node;
import io.objsync.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code objsync doc ...}: documents in the embedded store under {@code <home>/docs}. The author key is made on
 * first use and kept in {@code <home>/author.key} (owner-only). Values are kept in the blob store under
 * {@code <home>/store} (tagged {@code docs/<hash>}), where a node serves them to peers that sync the document.
 */
@Command(name = "doc", description = "Signed documents: new, set, get, ls, del, share, join, sync, watch.",
        subcommands = {DocCommand.New.class, DocCommand.Set.class, DocCommand.Get.class, DocCommand.Ls.class,
            DocCommand.Del.class, DocNetCommands.Share.class, DocNetCommands.Join.class, DocNetCommands.Sync.class,
            DocNetCommands.Watch.class})
final class DocCommand {
    @ParentCommand
    Main main;

    @Option(names = "--doc", paramLabel = "ID", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Document id (hex); default: the last one made with 'doc new'.")
    String doc;

    Path home() {
        return main.home();
    }

    DocStore openStore() {
        return DocStore.open(home().resolve("docs"));
    }

    /** The blob store, where entry values live so that peers can fetch them. */
    BlobStore openBlobs() throws IOException {
        return BlobStore.open(home().resolve(Node.STORE_DIR));
    }

    /** An entry's value: from the blob store, else from the documents' own content table (older homes). */
    Optional<byte[]> value(DocStore store, SignedEntry e) throws IOException {
        Hash h = e.record().hash();
        try (BlobStore blobs = openBlobs()) {
            if (blobs.has(h)) {
                return Optional.of(blobs.read(h, 0, Math.toIntExact(e.record().length())));
            }
        }
        return store.content(h);
    }

    /** The author key of this home, made (owner-only) on first use. */
    AuthorSecret author() throws IOException {
        return authorOf(home());
    }

    /** The author key of {@code home}, made (owner-only) on first use: shared by the doc and vault verbs. */
    static AuthorSecret authorOf(Path home) throws IOException {
        Path file = home.resolve("author.key");
        if (Files.exists(file)) {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return AuthorSecret.fromBytes(HexFormat.of().parseHex(hex));
        }
        Files.createDirectories(home);
        AuthorSecret a = AuthorSecret.generate();
        Path tmp = Files.createTempFile(home, "author", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, HexFormat.of().formatHex(a.toBytes()) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return a;
    }

    NamespaceId docId() throws IOException {
        if (doc != null) {
            return NamespaceId.fromHex(doc);
        }
        Path current = home().resolve("docs").resolve("current");
        if (!Files.exists(current)) {
            throw new IllegalArgumentException("no document yet: run 'objsync doc new' or pass --doc ID");
        }
        return NamespaceId.fromHex(Files.readString(current, StandardCharsets.US_ASCII).trim());
    }

    /** A writable handle: the store must hold the document's secret. */
    Replica writable(DocStore store) throws IOException {
        NamespaceId id = docId();
        NamespaceSecret secret = store.secret(id).orElseThrow(() -> new IllegalArgumentException(
                "document " + id + " is not writable here (no secret)"));
        return store.create(secret);
    }

    Replica readable(DocStore store) throws IOException {
        NamespaceId id = docId();
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("no document " + id));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** What every doc subcommand shares: the doc options and the output streams. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        DocCommand parent;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "new", description = "Make a document (it becomes the default) and print its id.")
    static final class New extends Sub {

        @Override
        public Integer call() throws IOException {
            parent.author();
            try (DocStore store = parent.openStore()) {
                Replica r = store.create(NamespaceSecret.generate());
                Files.writeString(parent.home().resolve("docs").resolve("current"), r.id().toHex() + "\n");
                out().println(r.id().toHex());
            }
            return 0;
        }
    }

    @Command(name = "set", description = "Set KEY to VALUE (or to the bytes of --file).")
    static final class Set extends Sub {

        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1")
        String value;

        @Option(names = "--file", paramLabel = "F", description = "Take the value from this file.")
        Path file;

        @Override
        public Integer call() throws IOException {
            if ((value == null) == (file == null)) {
                throw new IllegalArgumentException("give either VALUE or --file F");
            }
            byte[] value = file != null ? Files.readAllBytes(file) : this.value.getBytes(StandardCharsets.UTF_8);
            if (value.length == 0) {
                throw new IllegalArgumentException("an empty value cannot be set; use 'doc del KEY'");
            }
            AuthorSecret author = parent.author();
            try (DocStore store = parent.openStore()) {
                Replica r = parent.writable(store);
                Hash h;
                try (BlobStore blobs = parent.openBlobs()) {
                    h = Node.storeContent(blobs, value);
                }
                r.insert(author, key.getBytes(StandardCharsets.UTF_8), h, value.length);
                out().println(h.toHex());
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Print the newest value of KEY (exit 1 when absent).")
    static final class Get extends Sub {

        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the exact bytes to FILE.")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (DocStore store = parent.openStore()) {
                Replica r = parent.readable(store);
                List<SignedEntry> found = r.query(Query.all().key(key.getBytes(StandardCharsets.UTF_8))
                        .latestPerKey());
                if (found.isEmpty()) {
                    spec.commandLine().getErr().println("objsync: no value for " + key);
                    return ExitStatus.CHECK_FAILED.code;
                }
                Hash h = found.get(0).record().hash();
                Optional<byte[]> value = parent.value(store, found.get(0));
                if (value.isEmpty()) {
                    spec.commandLine().getErr().println("objsync: content " + h.toHex() + " is not here yet");
                    return ExitStatus.CHECK_FAILED.code;
                }
                if (output != null) {
                    Files.write(output, value.get());
                } else {
                    out().println(text(value.get()));
                }
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List keys (newest entry per key): key, size, author, hash.")
    static final class Ls extends Sub {

        @Parameters(paramLabel = "PREFIX", arity = "0..1")
        String prefix = "";

        @Option(names = "--all", description = "Every author's entry, not just the newest per key.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            try (DocStore store = parent.openStore()) {
                Replica r = parent.readable(store);
                Query q = Query.all().keyPrefix(prefix.getBytes(StandardCharsets.UTF_8));
                PrintWriter out = out();
                for (SignedEntry e : r.query(all ? q : q.latestPerKey())) {
                    out.println(text(e.key()) + "\t" + Long.toUnsignedString(e.record().length()) + "\t"
                            + e.author().toHex().substring(0, 10) + "\t" + e.record().hash().toHex());
                }
            }
            return 0;
        }
    }

    @Command(name = "del", description = "Delete this author's entries under PREFIX; print how many.")
    static final class Del extends Sub {

        @Parameters(paramLabel = "PREFIX")
        String prefix;

        @Override
        public Integer call() throws IOException {
            AuthorSecret author = parent.author();
            try (DocStore store = parent.openStore()) {
                int n = parent.writable(store).deletePrefix(author, prefix.getBytes(StandardCharsets.UTF_8));
                out().println(n);
            }
            return 0;
        }
    }
}
