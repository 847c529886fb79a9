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
        String line = NodeHarness.docSync(dir, 2_000, 2, 1);
        assertTrue(line.contains("\"entries\":2000"), line);
    }
}
