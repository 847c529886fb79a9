package io.objsync.docs;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a replica did with entries from a peer.
 *
 * @param inserted   stored
 * @param ignored    valid but not newer than what the replica holds (the insert rule)
 * @param rejections refused entries by broken rule (never stored)
 */
public record IngestResult(int inserted, int ignored, Map<InvalidEntryException.Reason, Integer> rejections) {
    /** Copies the map. */
    public IngestResult {
        EnumMap<InvalidEntryException.Reason, Integer> m = new EnumMap<>(InvalidEntryException.Reason.class);
        m.putAll(rejections);
        rejections = Collections.unmodifiableMap(m);
    }

    /** Number of refused entries. */
    public int rejected() {
        return rejections.values().stream().mapToInt(Integer::intValue).sum();
    }
}
