package io.objsync.cli;

import io.objsync.hash.Hash;
import io.objsync.node.Cancellation;
import io.objsync.node.DownloadListener;
import io.objsync.node.DownloadResult;
import io.objsync.node.Node;
import io.objsync.store.BlobFormat;
import io.objsync.ticket.BlobTicket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code objsync receive TICKET [-o PATH]}: downloads what a blob ticket names into the store, verified, resuming
 * whatever an earlier interrupted run left, then exports it.
 */
@Command(name = "receive", description = "Download what a blob ticket names (verified, resumable) and export it.")
final class ReceiveCommand extends NodeCommand {

    @Parameters(paramLabel = "TICKET")
    String ticket;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "File (or, for a collection, directory) to write; default: the hash in the current directory.")
    Path output;

    @Option(names = "--progress", description = "Draw the progress bar even when not on a terminal.")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        BlobTicket t = BlobTicket.parse(ticket);
        Hash h = t.hash();
        BlobFormat format = SendCommand.storeFormat(t.format());
        PrintWriter err = err();
        ProgressBar bar = new ProgressBar(err, ProgressBar.wanted(progress), "receive");
        long[] total = {0};
        DownloadListener listener = new DownloadListener() {
            @Override
            public void onBlob(Hash hash, long size) {
                total[0] += size;
            }

            @Override
            public void onBytes(long received) {
                bar.onProgress(received, total[0]);
            }
        };
        try (Node n = node.open(main.home())) {
            n.blobs().setTag("receive/" + h.toHex(), h, format); // keeps a partial download for the next run
            DownloadResult r = n.download(h, format, List.of(t.node()), listener, Cancellation.create());
            bar.finish();
            Path target = output != null ? output : Path.of(h.toHex());
            if (format == BlobFormat.HASH_SEQ) {
                StoreCommand.exportCollection(n.blobs(), h, target);
            } else {
                n.blobs().export(h, target);
            }
            err.println("received " + h.toHex() + " (" + r.bytesReceived() + " bytes over the network) to " + target);
        }
        return 0;
    }
}
