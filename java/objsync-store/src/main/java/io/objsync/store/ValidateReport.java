package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;

import java.util.Map;

/**
 * What {@link BlobStore#validate()} found.
 *
 * @param blobsChecked blobs re-verified
 * @param bytesChecked verified bytes re-hashed
 * @param damaged      for each blob with damage, the chunks that failed and are now marked missing
 */
public record ValidateReport(long blobsChecked, long bytesChecked, Map<Hash, ChunkRanges> damaged) {

    /** Copies the map. */
    public ValidateReport {
        damaged = Map.copyOf(damaged);
    }

    /** Whether everything verified. */
    public boolean isClean() {
        return damaged.isEmpty();
    }
}
