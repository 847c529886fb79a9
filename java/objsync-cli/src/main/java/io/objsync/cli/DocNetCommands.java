package io.objsync.cli;

import io.objsync.docs.InsertEvent;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Replica;
import io.objsync.docs.Subscription;
import io.objsync.net.NodeAddr;
import io.objsync.node.DocShareMode;
import io.objsync.node.DocSyncResult;
import io.objsync.node.Node;
import io.objsync.ticket.DocTicket;
import io.objsync.ticket.TicketQr;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The networked {@code doc} verbs: share, join, sync and watch. Each runs this home's node; the tickets a document
 * was joined with are remembered in {@code <home>/docs/peers/<id>} so {@code doc sync} knows whom to ask.
 */
final class DocNetCommands {
    private DocNetCommands() {
    }

    static Path peersFile(Path home, NamespaceId id) {
        return home.resolve(Node.DOCS_DIR).resolve("peers").resolve(id.toHex());
    }

    static void rememberPeers(Path home, DocTicket t, NamespaceId id) throws IOException {
        Path f = peersFile(home, id);
        Files.createDirectories(f.getParent());
        Files.writeString(f, t + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void setCurrent(Path home, NamespaceId id) throws IOException {
        Files.writeString(home.resolve(Node.DOCS_DIR).resolve("current"), id.toHex() + "\n");
    }

    @Command(name = "share", description = "Print a ticket (and QR code) for the document, then serve it until stopped.")
    static final class Share extends DocCommand.Sub {
        static final class Mode {
            @Option(names = "--read", required = true, description = "Read-only ticket.")
            boolean read;
            @Option(names = "--write", required = true, description = "Ticket with write access (the secret).")
            boolean write;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Mode mode;
        @Mixin
        NodeOptions node;
        @Option(names = "--no-wait", description = "Print the ticket and exit instead of serving.")
        boolean noWait;
        @Option(names = "--legacy-ticket", description = "Write the ticket in iroh 0.35's layout, for handing to an"
                + " iroh 0.35 node (which cannot read the current one); objsync reads both.")
        boolean legacyTicket;

        @Override
        public Integer call() throws Exception {
            NamespaceId id = parent.docId();
            try (Node n = node.open(parent.home())) {
                DocTicket t = n.shareDoc(id, mode.write ? DocShareMode.WRITE : DocShareMode.READ);
                String text = t.toString(legacyTicket ? DocTicket.AddrLayout.NODE_ADDR
                        : DocTicket.AddrLayout.ENDPOINT_ADDR);
                PrintWriter out = out();
                out.println(text);
                out.println(TicketQr.forDarkTerminal(text));
                out.flush();
                if (!noWait) {
                    NodeOptions.announce(n, spec.commandLine().getErr());
                    NodeOptions.serveForever();
                }
            }
            return 0;
        }
    }

    @Command(name = "join", description = "Join a document from a ticket (it becomes the default) and sync it.")
    static final class Join extends DocCommand.Sub {
        @Parameters(paramLabel = "TICKET")
        String ticket;
        @Mixin
        NodeOptions node;

        @Override
        public Integer call() throws Exception {
            DocTicket t = DocTicket.parse(ticket);
            try (Node n = node.open(parent.home())) {
                Replica r;
                try {
                    r = n.joinDoc(t);
                } finally {
                    NamespaceId id = NamespaceId.of(t.capability().namespaceId());
                    rememberPeers(parent.home(), t, id);
                    setCurrent(parent.home(), id);
                }
                out().println(r.id().toHex() + (r.isWritable() ? " (writable)" : " (read-only)") + ": "
                        + r.size() + " entries");
            }
            return 0;
        }
    }

    @Command(name = "sync", description = "Sync the document with the nodes of TICKET, or those it was joined with.")
    static final class Sync extends DocCommand.Sub {
        @Parameters(paramLabel = "TICKET", arity = "0..1")
        String ticket;
        @Mixin
        NodeOptions node;

        @Override
        public Integer call() throws Exception {
            NamespaceId id = parent.docId();
            List<NodeAddr> peers = new ArrayList<>();
            if (ticket != null) {
                peers.addAll(DocTicket.parse(ticket).nodes());
            } else if (Files.exists(peersFile(parent.home(), id))) {
                for (String line : Files.readAllLines(peersFile(parent.home(), id), StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        peers.addAll(DocTicket.parse(line).nodes());
                    }
                }
            }
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("no peers known for " + id.toHex() + ": pass a ticket");
            }
            int failed = 0;
            ExitStatus last = ExitStatus.OK;
            try (Node n = node.open(parent.home())) {
                for (NodeAddr p : peers) {
                    try {
                        DocSyncResult r = n.syncDoc(id, p);
                        out().println(p.nodeId().shortForm() + ": " + r.outcome().inserted() + " new entries, "
                                + r.contentFetched() + " contents fetched, " + r.contentMissing().size() + " missing");
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        last = ExitStatus.of(e);
                        spec.commandLine().getErr().println("objsync: " + p.nodeId().shortForm() + ": " + e.getMessage());
                    }
                }
            }
            // Some peer answered: the document synced. None did: say why the last one failed.
            return failed == peers.size() ? last.code : 0;
        }
    }

    @Command(name = "watch", description = "Serve the document and print every insert (local or from peers) as it "
            + "happens, until stopped.")
    static final class Watch extends DocCommand.Sub {
        @Mixin
        NodeOptions node;

        @Override
        public Integer call() throws Exception {
            NamespaceId id = parent.docId();
            try (Node n = node.open(parent.home())) {
                Replica r = n.doc(id).orElseThrow(() -> new IllegalArgumentException("no document " + id.toHex()));
                NodeOptions.announce(n, spec.commandLine().getErr());
                PrintWriter out = out();
                try (Subscription events = r.subscribe()) {
                    while (true) {
                        InsertEvent e = events.poll(1, TimeUnit.SECONDS);
                        if (e != null) {
                            out.println((e.remote() ? "remote\t" : "local\t") + DocCommand.text(e.entry().key()) + "\t"
                                    + e.entry().author().toHex().substring(0, 10) + "\t"
                                    + e.entry().record().hash().toHex());
                            out.flush();
                        }
                    }
                }
            }
        }
    }
}
