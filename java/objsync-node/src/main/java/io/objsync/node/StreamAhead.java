package io.objsync.node;

import io.objsync.net.PeerStream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A blob-protocol stream to a peer whose connection (TCP and TLS handshake) is set up on another thread while
 * this one still reconciles, so the content request after a document sync does not wait for a second
 * handshake. Used at most once; a stream nobody asked for is closed.
 */
final class StreamAhead implements BlobFetch.Opener, AutoCloseable {
    private final CompletableFuture<PeerStream> stream;
    private boolean taken;

    private StreamAhead(CompletableFuture<PeerStream> stream) {
        this.stream = stream;
    }

    /** Starts opening the stream {@code opener} gives on {@code executor}. */
    static StreamAhead start(BlobFetch.Opener opener, Executor executor) {
        return new StreamAhead(CompletableFuture.supplyAsync(() -> {
            try {
                return opener.open();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor));
    }

    /** Waits for the connection; its failure (unreachable peer, wrong key, timeout) is this call's. */
    @Override
    public PeerStream open() throws IOException {
        if (taken) {
            throw new IllegalStateException("the stream opened ahead was already used");
        }
        taken = true;
        try {
            return stream.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardLater();
            throw new InterruptedIOException("interrupted while connecting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void discard() {
        if (!taken) {
            taken = true;
            discardLater();
        }
    }

    /** Discards the stream if it was not used. */
    @Override
    public void close() {
        discard();
    }

    private void discardLater() {
        stream.thenAccept(PeerStream::close); // the peer's provider reads a reset: nothing was asked
    }
}
