package io.objsync.net.internal.quic.engine.stream;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The range set against a plain boolean-per-offset model, for hand-picked and random operations. */
class RangeSetTest {

    @Test
    void mergesTouchingAndOverlappingRanges() {
        RangeSet set = new RangeSet();
        set.add(10, 20);
        set.add(30, 40);
        set.add(20, 25); // touches the first
        assertRanges(set, 10, 25, 30, 40);
        set.add(5, 35); // swallows the gap and overlaps both
        assertRanges(set, 5, 40);
        set.add(7, 9); // inside: no change
        assertRanges(set, 5, 40);
    }

    @Test
    void removeSplitsTrimsAndDrops() {
        RangeSet set = new RangeSet();
        set.add(0, 100);
        set.remove(40, 60);
        assertRanges(set, 0, 40, 60, 100);
        set.remove(30, 70);
        assertRanges(set, 0, 30, 70, 100);
        set.removeBelow(80);
        assertRanges(set, 80, 100);
        set.remove(0, 1000);
        assertTrue(set.isEmpty());
    }

    @Test
    void addExceptLeavesOutTheExcludedParts() {
        RangeSet acked = new RangeSet();
        acked.add(10, 20);
        acked.add(30, 40);
        RangeSet lost = new RangeSet();
        lost.addExcept(0, 50, acked);
        assertRanges(lost, 0, 10, 20, 30, 40, 50);
        RangeSet inside = new RangeSet();
        inside.addExcept(12, 18, acked);
        assertTrue(inside.isEmpty());
    }

    @Test
    void randomOperationsMatchAModel() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            RangeSet set = new RangeSet();
            RangeSet other = new RangeSet();
            boolean[] model = new boolean[300];
            boolean[] otherModel = new boolean[300];
            for (int op = 0; op < 40; op++) {
                int start = random.nextInt(280);
                int end = start + random.nextInt(20);
                switch (random.nextInt(4)) {
                    case 0 -> apply(set, model, start, end, true);
                    case 1 -> apply(set, model, start, end, false);
                    case 2 -> apply(other, otherModel, start, end, true);
                    default -> {
                        set.addExcept(start, end, other);
                        for (int i = start; i < end; i++) {
                            model[i] |= !otherModel[i];
                        }
                    }
                }
                assertMatches(set, model);
            }
        }
    }

    private static void apply(RangeSet set, boolean[] model, int start, int end, boolean add) {
        if (add) {
            set.add(start, end);
        } else {
            set.remove(start, end);
        }
        for (int i = start; i < end; i++) {
            model[i] = add;
        }
    }

    private static void assertMatches(RangeSet set, boolean[] model) {
        boolean[] seen = new boolean[model.length];
        for (int i = 0; i < set.size(); i++) {
            assertTrue(set.start(i) < set.end(i), "empty range");
            if (i > 0) {
                assertTrue(set.end(i - 1) < set.start(i), "ranges touch or overlap, or are out of order");
            }
            for (long o = set.start(i); o < set.end(i); o++) {
                seen[(int) o] = true;
            }
        }
        for (int i = 0; i < model.length; i++) {
            assertEquals(model[i], seen[i], "offset " + i);
            assertEquals(model[i], set.contains(i, i + 1), "contains " + i);
        }
    }

    private static void assertRanges(RangeSet set, long... bounds) {
        assertEquals(bounds.length / 2, set.size());
        for (int i = 0; i < set.size(); i++) {
            assertEquals(bounds[2 * i], set.start(i));
            assertEquals(bounds[2 * i + 1], set.end(i));
        }
        assertEquals(bounds.length == 0, set.isEmpty());
    }
}
