package io.objsync.docs.sync;

import io.objsync.testing.AllocationBound;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Regressions from fuzzing the sync wire (SyncCodecFuzzTest). */
class SyncCodecTest {

    @Test
    void aFrameHeaderAloneDoesNotMakeTheReaderAllocateTheClaimedLength() throws Exception {
        // 4 bytes claiming a frame of the whole 16 MiB limit, then the stream ends: the reader used to size the
        // payload from the claim before any byte of it arrived.
        byte[] wire = {1, 0, 0, 0, 42};
        int limit = SyncConfig.defaults().maxFrameBytes();
        AllocationBound.check(1 << 20, "reading a truncated 16 MiB frame", () -> {
            SyncProtocolException e = assertThrows(SyncProtocolException.class,
                    () -> SyncCodec.readFrame(new ByteArrayInputStream(wire), limit));
            assertEquals(SyncProtocolException.Reason.TRUNCATED, e.reason());
        });
    }
}
