package io.objsync.docs.sync;

import io.objsync.docs.DocStore;
import io.objsync.docs.Replica;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs both sides of a session in-process over a pair of pipes. */
final class SyncHarness {
    record Result(SyncOutcome alice, SyncOutcome bob) {
    }

    /** Own daemon threads: the common pool may have a single worker on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sync-peer");
        t.setDaemon(true);
        return t;
    });

    private SyncHarness() {
    }

    static DuplexStream[] pipes() throws IOException {
        PipedInputStream aIn = new PipedInputStream(1 << 16);
        PipedInputStream bIn = new PipedInputStream(1 << 16);
        PipedOutputStream aOut = new PipedOutputStream(bIn);
        PipedOutputStream bOut = new PipedOutputStream(aIn);
        return new DuplexStream[] {DuplexStream.of(aIn, aOut), DuplexStream.of(bIn, bOut)};
    }

    /** The accepting side on its own thread. */
    static CompletableFuture<SyncOutcome> accept(DocStore store, DuplexStream stream, SyncConfig config) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SyncSession.accept(store, stream, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, THREADS);
    }

    static Result sync(Replica alice, DocStore bobStore, SyncConfig aliceConfig, SyncConfig bobConfig)
            throws Exception {
        DuplexStream[] p = pipes();
        CompletableFuture<SyncOutcome> bob = accept(bobStore, p[1], bobConfig);
        SyncOutcome a;
        try {
            a = SyncSession.initiate(alice, p[0], aliceConfig);
        } catch (RuntimeException | IOException e) {
            bob.cancel(true);
            throw e;
        }
        try {
            return new Result(a, bob.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static Result sync(Replica alice, DocStore bobStore) throws Exception {
        return sync(alice, bobStore, SyncConfig.defaults(), SyncConfig.defaults());
    }
}
