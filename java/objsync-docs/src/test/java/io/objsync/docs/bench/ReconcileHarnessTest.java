package io.objsync.docs.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness runs end to end on a small set (it checks convergence itself); no timing is asserted here. */
class ReconcileHarnessTest {
    @TempDir
    Path dir;

    @Test
    void runsOnASmallSet() throws Exception {
        List<String> missed = new ReconcileHarness(2_000, dir, true).run();
        assertTrue(missed != null);
    }
}
