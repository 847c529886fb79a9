package io.objsync.net.internal.quic.engine.recovery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PathMtuSearch}: the probes it asks for and where it ends, for paths of every width. */
class PathMtuSearchTest {

    /** Runs the search against a path carrying {@code mtu} bytes; returns the size it ends at. */
    private static int search(int ceiling, int mtu, int[] probes) {
        PathMtuSearch s = new PathMtuSearch(ceiling, false);
        assertEquals(PathMtuSearch.BASE, s.current());
        int sent = 0;
        for (int size; (size = s.nextProbe()) > 0; ) {
            assertTrue(size > s.current() && size <= ceiling, "probe " + size);
            s.onProbeSent(size);
            assertEquals(-1, s.nextProbe(), "one probe in flight at a time");
            sent++;
            if (size <= mtu) {
                s.onProbeAcked(size);
            } else {
                s.onProbeLost(size);
            }
            assertTrue(sent < 100, "the search ends");
        }
        assertTrue(s.done());
        probes[0] = sent;
        return s.current();
    }

    @Test
    void anOpenPathTakesOneProbe() {
        int[] probes = new int[1];
        assertEquals(1452, search(1452, 1500, probes));
        assertEquals(1, probes[0]);
    }

    @Test
    void aNarrowerPathEndsWithinTheGranularityBelowItsWidth() {
        int[] probes = new int[1];
        for (int mtu : new int[] {1201, 1280, 1350, 1400, 1440, 1451}) {
            int found = search(1452, mtu, probes);
            assertTrue(found <= mtu && found > mtu - PathMtuSearch.GRANULARITY, mtu + ": found " + found);
            assertTrue(probes[0] <= 3 + 6 * PathMtuSearch.MAX_PROBES, mtu + ": " + probes[0] + " probes");
        }
    }

    @Test
    void aPathOfOnly1200BytesStaysThere() {
        int[] probes = new int[1];
        assertEquals(1200, search(1452, 1200, probes));
    }

    @Test
    void aKnownPathStartsAtItsCeilingAndNeverProbes() {
        PathMtuSearch s = new PathMtuSearch(65_000, true);
        assertEquals(65_000, s.current());
        assertEquals(-1, s.nextProbe());
    }

    @Test
    void oneLostProbeIsNotEnoughToGiveUpASize() {
        PathMtuSearch s = new PathMtuSearch(1452, false);
        s.onProbeSent(s.nextProbe());
        s.onProbeLost(1452);
        assertEquals(1452, s.nextProbe(), "tried again: a probe may be lost to congestion");
        s.onProbeSent(1452);
        s.onProbeAcked(1452);
        assertEquals(1452, s.current());
    }
}
