package io.objsync.docs.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a reconciliation session; each side applies its own to the messages it sends, so any two settings
 * interoperate (also with the reference, which splits in 2 and sends items at 1 entry).
 *
 * @param splitFactor        how many sub-ranges a differing range is split into (at least 2)
 * @param firstSplitFactor   the same for the whole set: its split is paid once for every difference, so a
 *                           larger one saves a round trip for little
 * @param itemThreshold      a range known to differ with at most this many entries is answered with its items
 * @param denseItemThreshold the same where differences are dense: every part of the peer's split differs
 * @param partItemThreshold  a new sub-range with at most this many entries goes as items, not as a fingerprint
 * @param decodeLimit        a differing range of at most this many entries is searched for one entry of ours
 *                           whose fingerprint is the whole difference; found, that entry alone is the answer
 *                           (0: never search)
 * @param maxItemsPerPart    most entries sent in one range item; larger answers are split into fingerprints
 * @param maxFrameBytes      largest frame accepted or sent; an answer that would not fit sends fingerprints
 *                           instead of entries, which costs rounds but never memory
 * @param maxPartsPerMessage most parts accepted in one incoming message (fingerprint floods)
 * @param maxMessages        most messages one session may receive
 * @param maxSessionBytes    most bytes one session may exchange, both directions with framing: a peer that never
 *                           converges (splitting ranges forever, fingerprints that never match) ends there
 * @param maxSessionTime     longest a session may run; checked at each read, and a read waits at most the
 *                           transport's idle timeout, so a session ends within this plus that timeout
 */
public record SyncConfig(int splitFactor, int firstSplitFactor, int itemThreshold, int denseItemThreshold, int partItemThreshold, int decodeLimit,
                         int maxItemsPerPart,
                         int maxFrameBytes, int maxPartsPerMessage, int maxMessages, long maxSessionBytes,
                         Duration maxSessionTime) {
    /** Checks the values. */
    public SyncConfig {
        Objects.requireNonNull(maxSessionTime, "maxSessionTime");
        if (splitFactor < 2 || firstSplitFactor < 2) {
            throw new IllegalArgumentException("split factors must be at least 2");
        }
        if (itemThreshold < 1 || denseItemThreshold < itemThreshold || maxItemsPerPart < denseItemThreshold
                || partItemThreshold < 0 || partItemThreshold > itemThreshold) {
            throw new IllegalArgumentException(
                    "need 0 <= partItemThreshold <= itemThreshold <= denseItemThreshold <= maxItemsPerPart");
        }
        if (decodeLimit < 0) {
            throw new IllegalArgumentException("decodeLimit must not be negative");
        }
        if (maxFrameBytes < 64 * 1024 || maxPartsPerMessage < 16 || maxMessages < 2) {
            throw new IllegalArgumentException("limits too small");
        }
        if (maxSessionBytes < 2L * maxFrameBytes) {
            throw new IllegalArgumentException("maxSessionBytes must hold at least two frames");
        }
        if (maxSessionTime.isNegative() || maxSessionTime.isZero()) {
            throw new IllegalArgumentException("maxSessionTime must be positive");
        }
    }

    /**
     * The defaults, chosen by measurement (docs/architecture.md): split 4 (16 for the whole set), differing
     * ranges of up to 4 entries answered with items (8 where differences are dense), new sub-ranges always as
     * fingerprints, ranges of up to 128Ki entries searched for a single differing entry, 16 MiB frames;
     * a session ends after 100,000 received messages, 4 GiB exchanged or 10 minutes (a full sync of 1M entries
     * receives about 265 MB in seconds).
     */
    public static SyncConfig defaults() {
        return new SyncConfig(4, 16, 4, 8, 0, 1 << 17, 1024, 16 << 20, 1 << 17, 100_000, 4L << 30,
                Duration.ofMinutes(10));
    }

    /** The reference's choice: split in 2, items at 1 entry (for differing ranges and new sub-ranges alike). */
    public static SyncConfig reference() {
        return defaults().withSplit(2, 1, 1).withDecodeLimit(0);
    }

    /** With another split factor (the whole set included) and item thresholds (dense ranges alike). */
    public SyncConfig withSplit(int split, int threshold, int partThreshold) {
        return new SyncConfig(split, split, threshold, threshold, partThreshold, decodeLimit, Math.max(threshold, maxItemsPerPart),
                maxFrameBytes, maxPartsPerMessage, maxMessages, maxSessionBytes, maxSessionTime);
    }

    /** With another limit for searching a differing range for the one entry that makes the difference. */
    public SyncConfig withDecodeLimit(int entries) {
        return new SyncConfig(splitFactor, firstSplitFactor, itemThreshold, denseItemThreshold, partItemThreshold, entries,
                maxItemsPerPart, maxFrameBytes, maxPartsPerMessage, maxMessages, maxSessionBytes, maxSessionTime);
    }

    /** With another frame limit. */
    public SyncConfig withMaxFrameBytes(int bytes) {
        return new SyncConfig(splitFactor, firstSplitFactor, itemThreshold, denseItemThreshold, partItemThreshold, decodeLimit, maxItemsPerPart,
                bytes, maxPartsPerMessage, maxMessages, Math.max(maxSessionBytes, 2L * bytes),
                maxSessionTime);
    }

    /** With other bounds on a whole session: bytes exchanged (both directions) and running time. */
    public SyncConfig withSessionLimits(long bytes, Duration time) {
        return new SyncConfig(splitFactor, firstSplitFactor, itemThreshold, denseItemThreshold, partItemThreshold, decodeLimit, maxItemsPerPart,
                maxFrameBytes, maxPartsPerMessage, maxMessages, bytes, time);
    }

    /** With another part limit. */
    public SyncConfig withMaxPartsPerMessage(int parts) {
        return new SyncConfig(splitFactor, firstSplitFactor, itemThreshold, denseItemThreshold, partItemThreshold, decodeLimit, maxItemsPerPart,
                maxFrameBytes, parts, maxMessages, maxSessionBytes, maxSessionTime);
    }
}
