package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.sync.SyncProtocolException;
import io.objsync.net.MemoryNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-wide budget for incoming sync frames is the one its config sets. */
class NodeFrameBudgetTest {
    private static final int ENTRIES = 200;

    @TempDir
    Path dir;

    @Test
    void aFrameLargerThanTheConfiguredBudgetEndsTheJoinTypedAndTheDefaultBudgetCompletesIt() throws IOException {
        MemoryNetwork net = MemoryNetwork.create();
        try (Node a = Node.open(NodeConfig.memory(dir.resolve("a"), net));
             Node tight = Node.open(NodeConfig.memory(dir.resolve("tight"), net)
                     .withFrameBudget(64 * 1024, Duration.ZERO));
             Node roomy = Node.open(NodeConfig.memory(dir.resolve("roomy"), net))) {
            Replica doc = a.createDoc();
            AuthorSecret author = AuthorSecret.generate();
            String pad = "k".repeat(500);
            for (int i = 0; i < ENTRIES; i++) {
                a.insert(doc, author, NodeTest.bytes(pad + i), NodeTest.bytes("v" + i));
            }
            // an empty replica gets the whole set as items: ~200 x 750 bytes in one frame, more than the whole
            // budget, so it is refused on its announced length before a byte of it is buffered
            IOException e = assertThrows(IOException.class,
                    () -> tight.joinDoc(a.shareDoc(doc.id(), DocShareMode.READ)));
            SyncProtocolException budget = find(e);
            assertEquals(SyncProtocolException.Reason.FRAME_TOO_LARGE, budget.reason(), budget.toString());
            assertTrue(budget.getMessage().contains("the frame budget is 65536"), budget.getMessage());
            assertTrue(tight.doc(doc.id()).orElseThrow().query(Query.all()).size() < ENTRIES,
                    "the refused frame was not applied");

            Replica joined = roomy.joinDoc(a.shareDoc(doc.id(), DocShareMode.READ));
            assertEquals(ENTRIES, joined.query(Query.all()).size());
        }
    }

    @Test
    void aBudgetUnderOneChunkOrANegativeWaitIsRefused() {
        NodeConfig c = NodeConfig.tls(dir);
        assertThrows(IllegalArgumentException.class, () -> c.withFrameBudget(64 * 1024 - 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> c.withFrameBudget(1 << 20, Duration.ofSeconds(-1)));
    }

    /** The SyncProtocolException among {@code e}'s causes and suppressed failures (one per ticket node). */
    private static SyncProtocolException find(Throwable e) {
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t instanceof SyncProtocolException s) {
                return s;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        throw new AssertionError("no SyncProtocolException in " + e, e);
    }
}
