package io.objsync.node;

import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.PeerUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A stream opened ahead: handed over once, its opening failure reported to the user, dropped when unused. */
class StreamAheadTest {
    private final MemoryNetwork net = MemoryNetwork.create();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** What the peer's handler read from each stream: the request, or a failure. */
    private final BlockingQueue<String> seen = new ArrayBlockingQueue<>(4);
    private final Endpoint peer = net.bind(NodeKey.generate(), Map.of(Alpn.BLOBS, s -> {
        try {
            seen.add("read " + new String(s.input().readAllBytes()));
        } catch (IOException e) {
            seen.add("failed");
        }
    }));
    private final Endpoint us = net.bind(NodeKey.generate(), Map.of());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        us.close();
        peer.close();
    }

    @Test
    void handsOverTheStreamItOpened() throws Exception {
        try (StreamAhead ahead = StreamAhead.start(() -> us.connect(peer.addr(), Alpn.BLOBS), pool);
             PeerStream s = ahead.open()) {
            assertEquals(peer.nodeId(), s.peer());
            s.output().write("get".getBytes());
            s.finishOutput();
            assertEquals("read get", seen.poll(10, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, ahead::open);
        }
    }

    @Test
    void reportsTheFailureToOpenWhenUsed() {
        Endpoint gone = net.bind(NodeKey.generate(), Map.of());
        gone.close();
        StreamAhead ahead = StreamAhead.start(() -> us.connect(gone.addr(), Alpn.BLOBS), pool);
        assertThrows(PeerUnreachableException.class, ahead::open);
    }

    @Test
    void unusedStreamIsResetNotLeftOpen() throws Exception {
        AtomicReference<PeerStream> opened = new AtomicReference<>();
        StreamAhead ahead = StreamAhead.start(() -> {
            opened.set(us.connect(peer.addr(), Alpn.BLOBS));
            return opened.get();
        }, pool);
        ahead.close();
        // the peer's handler ends: its read fails on the reset rather than waiting for a request forever
        assertEquals("failed", seen.poll(10, TimeUnit.SECONDS));
        assertNotNull(opened.get());
        ahead.discard(); // idempotent
        assertNull(seen.poll(200, TimeUnit.MILLISECONDS), "one stream, one handler run");
    }
}
