package io.objsync.cli;

import io.objsync.bao.BaoException;
import io.objsync.crypto.AeadBadTagException;
import io.objsync.docs.InvalidEntryException;
import io.objsync.docs.sync.SyncProtocolException;
import io.objsync.net.PeerIdentityException;
import io.objsync.net.PeerUnreachableException;
import io.objsync.net.UnsupportedProtocolException;
import io.objsync.node.DownloadFailedException;
import io.objsync.protocol.BlobProtocolException;
import io.objsync.store.BlobNotFoundException;
import io.objsync.store.DataCorruptedException;
import io.objsync.store.RangeNotAvailableException;
import io.objsync.vault.CatalogDecryptionException;
import io.objsync.vault.KeyringException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The exit statuses of {@code objsync}, one per class of outcome, so scripts can tell "the data is wrong" from "the
 * command was wrong" from "the disk or the network failed". Documented in the root usage, {@code objsync help
 * exit-codes} and the README.
 */
enum ExitStatus {
    OK(0, "Success."),
    CHECK_FAILED(1, "A check said no: a checksum or outboard mismatch, data that does not verify (BAO, signature, "
            + "catalog key), damage found by 'store validate', or what was asked for is not here (a key, a blob)."),
    USAGE(2, "Usage error: unknown command or option, a missing or malformed argument, or a state the command needs "
            + "is missing (no document or identity yet)."),
    IO(3, "Local I/O error: a file missing, unreadable or unwritable, a full disk, a store in use by another process."),
    NETWORK(4, "Network error: the peer could not be reached, or the connection broke or timed out."),
    PEER(5, "The peer refused or misbehaved: it lacks the blob or document, is not the node the ticket names, or "
            + "broke the protocol."),
    INTERNAL(70, "Internal error: a bug in objsync; please report it with the message.");

    final int code;
    final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The table for picocli's "Exit codes" usage section: code to meaning. */
    static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitStatus s : values()) {
            m.put(Integer.toString(s.code), s.meaning);
        }
        m.put("130/143", "Stopped by Ctrl-C (SIGINT) or SIGTERM (how send, serve, share and watch end).");
        return m;
    }

    /**
     * The status for a failure: the first exception in the cause chain that names a class of outcome decides
     * (an {@link UncheckedIOException} or a wrapper says nothing by itself); anything unexpected is {@link #INTERNAL}.
     */
    static ExitStatus of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            ExitStatus s = direct(t);
            if (s != null) {
                return s;
            }
        }
        return INTERNAL;
    }

    /**
     * Reports a command's failure on {@code err} as "objsync: reason" (an {@link #INTERNAL} one with the exception
     * itself) and returns its exit status.
     */
    static int report(Exception failure, PrintWriter err) {
        ExitStatus status = of(failure);
        String reason = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        err.println("objsync: " + (status == INTERNAL ? "internal error: " + failure : reason));
        return status.code;
    }

    private static ExitStatus direct(Throwable t) {
        if (t instanceof DownloadFailedException) {
            // One failure per provider, in the order tried; the message names the last, so its status goes too.
            Throwable[] tried = t.getSuppressed();
            return tried.length == 0 ? NETWORK : of(tried[tried.length - 1]);
        }
        if (t instanceof BaoException || t instanceof DataCorruptedException || t instanceof AeadBadTagException
                || t instanceof InvalidEntryException || t instanceof CatalogDecryptionException
                || t instanceof BlobNotFoundException || t instanceof RangeNotAvailableException) {
            return CHECK_FAILED;
        }
        if (t instanceof PeerIdentityException || t instanceof UnsupportedProtocolException
                || t instanceof BlobProtocolException || t instanceof SyncProtocolException) {
            return PEER;
        }
        if (t instanceof PeerUnreachableException || t instanceof SocketException
                || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                || t instanceof SSLException) {
            return NETWORK;
        }
        if (t instanceof UncheckedIOException) {
            return null; // the cause decides
        }
        if (t instanceof IOException) {
            return IO;
        }
        if (t instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (t instanceof KeyringException) {
            return t.getCause() instanceof IOException ? IO : USAGE;
        }
        return null;
    }
}
