package io.objsync.docs.sync;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.Entry;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Record;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Blake3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that sends bad bytes: every case ends the session with a typed protocol error, and the replica holds
 * exactly what it held before (same fingerprint, nothing from the bad message).
 */
class HostileMessagesTest {
    @TempDir
    Path dir;
    DocStore store;
    NamespaceSecret ns;
    AuthorSecret author;
    Replica doc;
    byte[] before;
    SyncConfig config = SyncConfig.defaults().withMaxFrameBytes(1 << 20).withMaxPartsPerMessage(64);

    @BeforeEach
    void open() {
        store = DocStore.open(dir, 1L << 30, Record::nowMicros);
        ns = NamespaceSecret.generate();
        author = AuthorSecret.generate();
        doc = store.create(ns);
        doc.insertVerified(SyncSessionTest.entries(ns, author, "k", 300, Record.nowMicros() - 1000));
        before = doc.fingerprint();
    }

    /** Own threads: the common pool may have a single worker on a small machine. */
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        threads.shutdownNow();
        store.close();
    }

    static byte[] frame(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = payload.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    byte[] init() {
        byte[] x = new byte[64];
        System.arraycopy(ns.id().toBytes(), 0, x, 0, 32);
        byte[] fp = new byte[32];
        fp[0] = 1;
        return frame(SyncCodec.encode(new Frame.Init(ns.id(),
                List.of(new MessagePart.RangeFingerprint(Range.of(x, x), fp)))));
    }

    byte[] sync(List<MessagePart> parts) {
        return frame(SyncCodec.encode(new Frame.Sync(parts)));
    }

    byte[] id(String key) {
        return Entry.of(ns.id(), author.id(), key.getBytes(), Record.empty(0)).recordId();
    }

    SignedEntry entry(String key) {
        byte[] v = key.getBytes();
        return SignedEntry.sign(Entry.of(ns.id(), author.id(), key.getBytes(),
                Record.of(Blake3.hash(v), v.length, Record.nowMicros())), ns, author);
    }

    /** Reads and drops what the session sends, until it closes its side. */
    CompletableFuture<Void> drain(DuplexStream s) {
        return CompletableFuture.runAsync(() -> {
            try (InputStream in = s.input()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the session closed its side
            }
        }, threads);
    }

    /** Feeds {@code bytes} to an accepting session (its answers drained), then half-closes. */
    SyncProtocolException hostile(byte[]... chunks) throws Exception {
        DuplexStream[] p = SyncHarness.pipes();
        CompletableFuture<Void> drain = drain(p[0]);
        CompletableFuture<SyncOutcome> bob = SyncHarness.accept(store, p[1], config);
        try (OutputStream out = p[0].output()) {
            for (byte[] c : chunks) {
                out.write(c);
            }
        } catch (IOException ignored) {
            // the session may stop reading early
        }
        try {
            bob.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the session accepted a hostile peer");
        } catch (ExecutionException e) {
            drain.get(30, TimeUnit.SECONDS);
            assertArrayEquals(before, doc.fingerprint(), "the replica changed");
            assertEquals(300, doc.size());
            return assertInstanceOf(SyncProtocolException.class, e.getCause());
        }
    }

    @Test
    void garbage() throws Exception {
        assertEquals(SyncProtocolException.Reason.MALFORMED, hostile(frame(new byte[] {9, 9, 9})).reason());
    }

    @Test
    void trailingBytesAndUnknownVariants() throws Exception {
        byte[] ok = SyncCodec.encode(new Frame.Sync(List.of()));
        byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
        assertEquals(SyncProtocolException.Reason.MALFORMED, hostile(init(), frame(trailing)).reason());
        assertEquals(SyncProtocolException.Reason.MALFORMED, hostile(init(), frame(new byte[] {1, 1, 7})).reason());
    }

    @Test
    void forgedLengthsAllocateNothing() throws Exception {
        // a Sync message claiming 2^32 parts inside a 7-byte frame
        byte[] payload = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, 0};
        assertEquals(SyncProtocolException.Reason.MALFORMED, hostile(init(), frame(payload)).reason());
    }

    @Test
    void oversizedFrameIsRefusedBeforeReading() throws Exception {
        byte[] head = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertEquals(SyncProtocolException.Reason.FRAME_TOO_LARGE, hostile(head).reason());
    }

    @Test
    void aLengthAloneAllocatesNothingLarge() throws Exception {
        // announces a 16 MiB frame, sends 100 bytes and ends: memory must follow the bytes, not the claim, or
        // maxStreams such peers would hold maxStreams x maxFrameBytes of heap without sending it
        int limit = 16 << 20;
        byte[] claim = Arrays.copyOf(new byte[] {1, 0, 0, 0}, 104);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        SyncProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(SyncProtocolException.class,
                () -> SyncCodec.readFrame(new java.io.ByteArrayInputStream(claim), limit));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(SyncProtocolException.Reason.TRUNCATED, e.reason());
        assertTrue(allocated < 1 << 20, allocated + " bytes allocated for 100 bytes received");
    }

    @Test
    void aFirstFrameLargerThanAnInitIsRefusedBeforeReading() throws Exception {
        // within the frame limit, but an Init is one fingerprint: before the peer has named a document it
        // cannot make the session buffer a frame of the full limit
        byte[] head = {0, 2, 0, 0};
        assertEquals(SyncProtocolException.Reason.FRAME_TOO_LARGE, hostile(head).reason());
    }

    @Test
    void truncatedFrames() throws Exception {
        byte[] f = sync(List.of());
        assertEquals(SyncProtocolException.Reason.TRUNCATED,
                hostile(init(), Arrays.copyOf(f, f.length - 1)).reason());
        assertEquals(SyncProtocolException.Reason.TRUNCATED, hostile(new byte[] {0, 0}).reason());
        assertEquals(SyncProtocolException.Reason.TRUNCATED, hostile().reason());
    }

    @Test
    void framesOutOfOrder() throws Exception {
        assertEquals(SyncProtocolException.Reason.UNEXPECTED_FRAME, hostile(sync(List.of())).reason());
        assertEquals(SyncProtocolException.Reason.UNEXPECTED_FRAME, hostile(init(), init()).reason());
        assertEquals(SyncProtocolException.Reason.UNEXPECTED_FRAME,
                hostile(init(), frame(SyncCodec.encode(new Frame.Abort(Frame.AbortReason.NOT_FOUND)))).reason());
    }

    @Test
    void shortRangeBounds() throws Exception {
        byte[] payload = SyncCodec.encode(new Frame.Sync(List.of(new MessagePart.RangeFingerprint(
                Range.of(id("a"), id("b")), new byte[32]))));
        payload[3] = 10; // the bound's length: too short for a record identifier, and the bytes no longer fit
        assertEquals(SyncProtocolException.Reason.MALFORMED, hostile(init(), frame(payload)).reason());
    }

    @Test
    void overlappingRangesAndEntriesLeakingOutOfTheirRange() throws Exception {
        SignedEntry good = entry("b");
        List<MessagePart> overlap = List.of(
                new MessagePart.RangeItem(Range.of(id("a"), id("c")),
                        List.of(new MessagePart.Item(good, ContentStatus.COMPLETE)), true),
                new MessagePart.RangeFingerprint(Range.of(id("b"), id("d")), new byte[32]));
        assertEquals(SyncProtocolException.Reason.OVERLAPPING_RANGES, hostile(init(), sync(overlap)).reason());
        List<MessagePart> wrapOverlap = List.of(
                new MessagePart.RangeFingerprint(Range.of(id("x"), id("b")), new byte[32]),
                new MessagePart.RangeFingerprint(Range.of(id("a"), id("c")), new byte[32]));
        assertEquals(SyncProtocolException.Reason.OVERLAPPING_RANGES, hostile(init(), sync(wrapOverlap)).reason());
        List<MessagePart> leak = List.of(
                new MessagePart.RangeItem(Range.of(id("a"), id("c")), List.of(
                        new MessagePart.Item(good, ContentStatus.COMPLETE),
                        new MessagePart.Item(entry("z"), ContentStatus.COMPLETE)), true));
        assertEquals(SyncProtocolException.Reason.ENTRY_OUTSIDE_RANGE, hostile(init(), sync(leak)).reason());
    }

    @Test
    void fingerprintFlood() throws Exception {
        List<MessagePart> flood = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            flood.add(new MessagePart.RangeFingerprint(Range.of(id("f" + (char) (i + 40)), id("f" + (char) (i + 41))),
                    new byte[32]));
        }
        assertEquals(SyncProtocolException.Reason.TOO_MANY_PARTS, hostile(init(), sync(flood)).reason());
    }

    /**
     * A peer that never converges: it answers every message with a fingerprint of the whole set that matches
     * nothing, so every answer of ours is a fresh split. Each message is valid; only the session's bounds end it.
     */
    SyncProtocolException neverConverging(SyncConfig bounded, long pauseMillis) throws Exception {
        DuplexStream[] p = SyncHarness.pipes();
        CompletableFuture<SyncOutcome> bob = SyncHarness.accept(store, p[1], bounded);
        CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> {
            int rounds = 0;
            java.util.Random random = new java.util.Random(7);
            try (OutputStream out = p[0].output(); InputStream in = p[0].input()) {
                out.write(init());
                out.flush(); // a piped reader otherwise waits out its one-second poll
                while (SyncCodec.readFrame(in, 1 << 30) != null) {
                    Thread.sleep(pauseMillis);
                    byte[] fp = new byte[32];
                    random.nextBytes(fp);
                    out.write(sync(List.of(new MessagePart.RangeFingerprint(Range.of(id(""), id("")), fp))));
                    out.flush();
                    rounds++;
                }
            } catch (IOException | InterruptedException ended) {
                // the session closed the stream
            }
            return rounds;
        }, threads);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bob.get(20, TimeUnit.SECONDS));
        int rounds = peer.get(20, TimeUnit.SECONDS);
        assertTrue(rounds > 2, "the peer was answered for a few rounds first: " + rounds + " " + e.getCause());
        assertArrayEquals(before, doc.fingerprint(), "the replica changed");
        return assertInstanceOf(SyncProtocolException.class, e.getCause());
    }

    @Test
    void aSessionThatNeverConvergesEndsAtItsByteBound() throws Exception {
        SyncConfig bounded = config.withMaxFrameBytes(64 << 10).withSessionLimits(256 << 10, java.time.Duration.ofMinutes(1));
        assertEquals(SyncProtocolException.Reason.SESSION_TOO_LARGE, neverConverging(bounded, 0).reason());
    }

    @Test
    void aSessionThatNeverConvergesEndsAtItsTimeBound() throws Exception {
        SyncConfig bounded = config.withSessionLimits(1L << 40, java.time.Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertEquals(SyncProtocolException.Reason.SESSION_TOO_LONG, neverConverging(bounded, 50).reason());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "ended near its bound");
    }

    @Test
    void manyWholeFramesAtOnceNeverHoldMoreThanTheFrameBudget() throws Exception {
        // 8 peers that know the document each send all but the last byte of a 1 MiB frame and hold it there:
        // without a budget the node holds 8 MiB; with 3 MiB at most 3 frames fit, the others end typed.
        FrameBudget budget = new FrameBudget(3 << 20, java.time.Duration.ofMillis(300));
        int streams = 8;
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        List<DuplexStream[]> pipes = new ArrayList<>();
        List<CompletableFuture<SyncOutcome>> sessions = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            DuplexStream[] p = SyncHarness.pipes();
            pipes.add(p);
            drain(p[0]);
            sessions.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return SyncSession.accept(store, p[1], config, ContentStatusSource.NONE, budget);
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, threads));
            threads.execute(() -> {
                try (OutputStream out = p[0].output()) {
                    out.write(init());
                    out.write(new byte[] {0, 0x10, 0, 0}); // 1 MiB, the frame limit
                    out.write(new byte[(1 << 20) - 1]);
                    out.flush();
                    stop.await();
                } catch (IOException | InterruptedException ended) {
                    // the session ended, or the test is done
                }
            });
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sessions.stream().filter(CompletableFuture::isDone).count() < streams - 3) {
            assertTrue(System.nanoTime() < deadline, "more than 3 whole frames were buffered at once");
            Thread.sleep(20);
        }
        assertTrue(budget.peak() <= budget.capacity(), budget.peak() + " bytes counted");
        assertTrue(budget.peak() >= 1 << 20, "the frames were counted: " + budget.peak());
        for (int i = 0; i < streams; i++) {
            if (sessions.get(i).isDone()) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        sessions.get(i)::get);
                assertEquals(SyncProtocolException.Reason.FRAME_BUDGET_EXHAUSTED,
                        assertInstanceOf(SyncProtocolException.class, e.getCause()).reason());
            }
        }
        stop.countDown(); // the held frames end truncated, their bytes uncounted
        for (int i = 0; i < streams; i++) {
            pipes.get(i)[1].input().close(); // frees a writer the ended session no longer reads from
            CompletableFuture<SyncOutcome> session = sessions.get(i);
            org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> session.get(30, TimeUnit.SECONDS));
        }
        assertEquals(0, budget.used());
        assertArrayEquals(before, doc.fingerprint(), "the replica changed");
    }

    @Test
    void aPeerThatTricklesOneFrameEndsAtTheTimeBound() throws Exception {
        // a byte every 20 ms inside one frame: each read returns, so only a limit on the whole session ends it
        SyncConfig bounded = config.withSessionLimits(1L << 40, java.time.Duration.ofMillis(300));
        DuplexStream[] p = SyncHarness.pipes();
        CompletableFuture<Void> drain = drain(p[0]);
        CompletableFuture<SyncOutcome> bob = SyncHarness.accept(store, p[1], bounded);
        long t0 = System.nanoTime();
        try (OutputStream out = p[0].output()) {
            out.write(new byte[] {0, 0, 4, 0});
            for (int i = 0; i < 1024 && !bob.isDone(); i++) {
                out.write(0);
                out.flush();
                Thread.sleep(20);
            }
        } catch (IOException ended) {
            // the session closed the stream
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bob.get(20, TimeUnit.SECONDS));
        drain.get(20, TimeUnit.SECONDS);
        assertEquals(SyncProtocolException.Reason.SESSION_TOO_LONG,
                assertInstanceOf(SyncProtocolException.class, e.getCause()).reason());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "ended near its bound, not after the frame");
    }

    @Test
    void forgedEntriesAreRejectedAndCountedWhileTheSessionGoesOn() throws Exception {
        SignedEntry good = entry("zz-good");
        SignedEntry real = entry("zz-forged");
        byte[] sig = real.namespaceSignature();
        sig[0] ^= 1;
        SignedEntry forged = SignedEntry.of(real.entry(), real.authorSignature(), sig);
        DuplexStream[] p = SyncHarness.pipes();
        CompletableFuture<SyncOutcome> bob = SyncHarness.accept(store, p[1], config);
        CompletableFuture<Void> drain = drain(p[0]);
        byte[] lo = id("zz");
        byte[] hi = id("zz~");
        try (OutputStream out = p[0].output()) {
            out.write(init());
            out.write(sync(List.of(new MessagePart.RangeItem(Range.of(lo, hi), List.of(
                    new MessagePart.Item(good, ContentStatus.COMPLETE),
                    new MessagePart.Item(forged, ContentStatus.COMPLETE)), true))));
        }
        SyncOutcome o = bob.get(30, TimeUnit.SECONDS);
        drain.get(30, TimeUnit.SECONDS);
        assertEquals(1, o.inserted());
        assertEquals(1, o.rejected());
        assertEquals(1, doc.rejectedCount());
        assertEquals(301, doc.size());
        assertTrue(doc.get(author.id(), "zz-forged".getBytes()).isEmpty());
    }
}
