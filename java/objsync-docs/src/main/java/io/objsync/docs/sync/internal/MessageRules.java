package io.objsync.docs.sync.internal;

import io.objsync.docs.SignedEntry;
import io.objsync.docs.sync.MessagePart;
import io.objsync.docs.sync.Range;
import io.objsync.docs.sync.SyncProtocolException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an incoming message before anything of it is applied: bounded part count, pairwise disjoint ranges
 * (a whole-set range only alone), and every entry inside its part's range and namespace.
 */
public final class MessageRules {
    private MessageRules() {
    }

    /** Throws {@link SyncProtocolException} when {@code parts} breaks a rule. */
    public static void check(List<MessagePart> parts, byte[] namespace, int maxParts) {
        if (parts.size() > maxParts) {
            throw new SyncProtocolException(SyncProtocolException.Reason.TOO_MANY_PARTS,
                    parts.size() + " parts, the limit is " + maxParts);
        }
        List<byte[][]> intervals = new ArrayList<>(parts.size() + 1);
        for (MessagePart p : parts) {
            Range r = p.range();
            byte[] x = r.x();
            byte[] y = r.y();
            int c = Arrays.compareUnsigned(x, y);
            if (c == 0) {
                if (parts.size() != 1) {
                    throw new SyncProtocolException(SyncProtocolException.Reason.OVERLAPPING_RANGES,
                            "a whole-set range among " + parts.size() + " parts");
                }
            } else if (c < 0) {
                intervals.add(new byte[][] {x, y});
            } else {
                intervals.add(new byte[][] {x, null});
                intervals.add(new byte[][] {new byte[0], y});
            }
            if (p instanceof MessagePart.RangeItem item) {
                for (MessagePart.Item v : item.values()) {
                    SignedEntry e = v.entry();
                    if (!r.contains(e.entry().recordId())
                            || !Arrays.equals(e.entry().namespace().toBytes(), namespace)) {
                        throw new SyncProtocolException(SyncProtocolException.Reason.ENTRY_OUTSIDE_RANGE,
                                "entry " + e + " outside its range or namespace");
                    }
                }
            }
        }
        intervals.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        for (int i = 1; i < intervals.size(); i++) {
            byte[] prevEnd = intervals.get(i - 1)[1];
            if (prevEnd == null || Arrays.compareUnsigned(intervals.get(i)[0], prevEnd) < 0) {
                throw new SyncProtocolException(SyncProtocolException.Reason.OVERLAPPING_RANGES,
                        "ranges of one message overlap");
            }
        }
    }
}
