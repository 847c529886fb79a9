package io.objsync.node.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness runs end to end at small sizes and its checks hold (its floors are for the real sizes). */
class NodeHarnessTest {
    @TempDir
    Path dir;

    @Test
    void blobAgainstPlainTls() throws Exception {
        String line = NodeHarness.blob(dir, 4, 1);
        assertTrue(line.contains("\"bench\":\"node-blob\"") && line.contains("\"ratio\":"), line);
    }

    @Test
    void fanoutAllVerify() throws Exception {
        String line = NodeHarness.fanout(dir, 3, 2);
        assertTrue(line.contains("\"verified\":3") && line.contains("\"pass\":true"), line);
    }

    @Test
    void docSyncBringsTheOneNewEntry() throws Exception {
        String line = NodeHarness.docSync(dir, "tls", 2_000, 2, 1);
        assertTrue(line.contains("\"entries\":2000") && line.contains("\"transport\":\"tls\""), line);
    }

    @Test
    void docSyncOverQuicOnTheSameReplicas() throws Exception {
        NodeHarness.docSync(dir, "tls", 2_000, 1, 1);
        String line = NodeHarness.docSync(dir, "quic", 2_000, 2, 1);
        // 1999 shared entries, then 2 new ones per round, warm-up included: the TLS run's 2 x 2 kept, 3 x 2 now
        assertTrue(line.contains("\"transport\":\"quic\"") && line.contains("\"size\":2009"), line);
    }
}
