package io.objsync.cli;

import io.objsync.hash.Hash;
import io.objsync.node.Node;
import io.objsync.store.BlobFormat;
import io.objsync.store.ImportProgress;
import io.objsync.store.TempPin;
import io.objsync.ticket.BlobTicket;
import io.objsync.ticket.TicketQr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code objsync send PATH}: imports a file or directory, prints its ticket (and QR code), serves until stopped. */
@Command(name = "send", description = "Import a file or directory, print its ticket and QR code, and serve it "
        + "until stopped.")
final class SendCommand extends NodeCommand {

    @Parameters(paramLabel = "PATH")
    Path path;

    @Option(names = "--no-qr", description = "Do not draw the QR code.")
    boolean noQr;

    @Option(names = "--reference", description = "Do not copy the file into the store: serve it from where it is "
            + "(verified; fails once the file changes). Files only.")
    boolean reference;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        boolean dir = StoreCommand.checkImportable(path, reference);
        try (Node n = node.open(main.home())) {
            Hash h;
            ProgressBar bar = new ProgressBar(err, ProgressBar.wanted(false), "import");
            try (TempPin pin = StoreCommand.importPath(n.blobs(), path, reference, bar)) {
                h = pin.hash();
                n.blobs().setTag("send/" + path.toAbsolutePath().getFileName(), h, pin.format());
            }
            bar.finish();
            BlobTicket ticket = BlobTicket.of(n.addr(), h, dir ? io.objsync.ticket.BlobFormat.HASH_SEQ
                    : io.objsync.ticket.BlobFormat.RAW);
            NodeOptions.announce(n, err);
            out.println(ticket);
            if (!noQr) {
                out.println(TicketQr.forDarkTerminal(ticket.toString()));
            }
            out.flush();
            err.println("serving " + (dir ? "collection " : "blob ") + h.toHex() + "; stop with Ctrl-C");
            err.flush();
            NodeOptions.serveForever();
        }
        return 0;
    }

    static BlobFormat storeFormat(io.objsync.ticket.BlobFormat f) {
        return f == io.objsync.ticket.BlobFormat.HASH_SEQ ? BlobFormat.HASH_SEQ : BlobFormat.RAW;
    }
}
