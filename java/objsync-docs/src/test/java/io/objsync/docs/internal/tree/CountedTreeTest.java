package io.objsync.docs.internal.tree;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counted tree against a sorted map: every aggregate, index and iteration agrees after random edits. */
class CountedTreeTest {

    /** Stores encoded nodes, so every commit also round-trips the node codec. */
    static final class MapStore implements NodeSource {
        final Map<Long, byte[]> pages = new HashMap<>();
        long root;
        long nextId = 1;

        @Override
        public Node load(long id) {
            byte[] b = pages.get(id);
            if (b == null) {
                throw new IllegalStateException("missing node " + id);
            }
            return NodeCodec.decode(b);
        }

        TreeWriter writer() {
            return new TreeWriter(this, root, nextId);
        }

        void commit(TreeWriter w) {
            pages.putAll(w.dirtyEncoded());
            w.freed().forEach(pages::remove);
            root = w.root();
            nextId = w.nextId();
        }

        TreeReader reader() {
            return new TreeReader(this, root);
        }
    }

    static byte[] randomKey(Random r) {
        byte[] k = new byte[1 + r.nextInt(6)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) ('a' + r.nextInt(4) + (r.nextInt(8) == 0 ? 150 : 0));
        }
        return k;
    }

    /** The value reference the test stores with a fingerprint. */
    static long ref(long[] fp) {
        return fp[0] ^ 0x5DEECE66DL;
    }

    static long[] randomFp(Random r) {
        return new long[] {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()};
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomEditsAgreeWithSortedMap(long seed) {
        Random r = new Random(seed);
        TreeMap<byte[], long[]> model = new TreeMap<>(Arrays::compareUnsigned);
        MapStore store = new MapStore();
        int rounds = 40;
        for (int round = 0; round < rounds; round++) {
            TreeWriter w = store.writer();
            int ops = 1 + r.nextInt(round < rounds / 2 ? 400 : 60);
            boolean deleting = round >= rounds / 2 && r.nextBoolean();
            for (int i = 0; i < ops; i++) {
                byte[] k = randomKey(r);
                if (deleting || r.nextInt(4) == 0) {
                    TreeReader.Slot old = w.remove(k);
                    long[] expected = model.remove(k);
                    assertTrue(Arrays.equals(expected, old == null ? null : old.fingerprint()));
                    assertTrue(old == null || old.ref() == ref(expected));
                } else {
                    long[] fp = randomFp(r);
                    long[] old = w.put(k, fp, ref(fp));
                    assertTrue(Arrays.equals(model.put(k, fp), old));
                }
            }
            store.commit(w);
            check(model, store.reader(), r);
        }
    }

    private static void check(TreeMap<byte[], long[]> model, TreeReader t, Random r) {
        List<byte[]> keys = new ArrayList<>(model.keySet());
        assertEquals(keys.size(), t.size());
        long[] total = new long[4];
        t.totalXor(total);
        long[] expectTotal = new long[4];
        model.values().forEach(v -> Xor256.xorInto(expectTotal, v, 0));
        assertArrayEquals(expectTotal, total);
        for (int q = 0; q < 50; q++) {
            byte[] probe = randomKey(r);
            long[] acc = new long[4];
            long rank = t.rank(probe, acc);
            long[] expect = new long[4];
            long n = 0;
            for (Map.Entry<byte[], long[]> e : model.headMap(probe, false).entrySet()) {
                Xor256.xorInto(expect, e.getValue(), 0);
                n++;
            }
            assertEquals(n, rank);
            assertArrayEquals(expect, acc);
            assertArrayEquals(model.get(probe), t.get(probe));
            long[] byCount = new long[4];
            t.xorOfFirst(rank, byCount);
            assertArrayEquals(expect, byCount);
        }
        for (int i = 0; i < keys.size(); i += 1 + r.nextInt(7)) {
            assertArrayEquals(keys.get(i), t.keyAt(i));
        }
        int start = keys.isEmpty() ? 0 : r.nextInt(keys.size());
        TreeReader.Cursor c = t.cursor(start);
        long[] fp = new long[4];
        for (int i = start; i < keys.size(); i++) {
            assertTrue(c.hasNext());
            assertArrayEquals(keys.get(i), c.key());
            c.fingerprint(fp);
            assertArrayEquals(model.get(keys.get(i)), fp);
            assertEquals(ref(fp), c.ref());
            c.advance();
        }
        assertFalse(c.hasNext());
    }

    @Test
    void emptyTreeAnswersZero() {
        MapStore store = new MapStore();
        TreeWriter w = store.writer();
        store.commit(w);
        TreeReader t = store.reader();
        assertEquals(0, t.size());
        assertEquals(0, t.rank(new byte[] {1}, new long[4]));
        assertNull(t.get(new byte[] {1}));
        assertFalse(t.cursor(0).hasNext());
    }

    @Test
    void deletingEverythingShrinksToOneLeaf() {
        MapStore store = new MapStore();
        Random r = new Random(9);
        TreeWriter w = store.writer();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] k = ("k" + i).getBytes();
            keys.add(k);
            long[] fp = randomFp(r);
            w.put(k, fp, ref(fp));
        }
        store.commit(w);
        assertTrue(store.pages.size() > 300, "many nodes: " + store.pages.size());
        w = store.writer();
        for (byte[] k : keys) {
            w.remove(k);
        }
        store.commit(w);
        assertEquals(0, store.reader().size());
        assertEquals(1, store.pages.size());
    }
}
