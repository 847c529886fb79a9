package io.objsync.docs.internal.tree;

import java.util.NoSuchElementException;

/**
 * Read queries on a counted B+tree: the number and XOR of the keys below any key, the key at any index, lookups
 * and ordered iteration. Each query walks one root-to-leaf path: O(log n) node visits, never a scan.
 */
public class TreeReader {
    final NodeSource nodes;
    long root;

    /** A reader of the tree rooted at {@code root} whose nodes come from {@code nodes}. */
    public TreeReader(NodeSource nodes, long root) {
        this.nodes = nodes;
        this.root = root;
    }

    /** The node with this id as this reader sees it. */
    Node nodeOf(long id) {
        return nodes.load(id);
    }

    /** The id of the root node. */
    public long root() {
        return root;
    }

    /** Number of keys in the tree. */
    public long size() {
        return nodeOf(root).totalCount();
    }

    /** XOR of all fingerprints into {@code acc}. */
    public void totalXor(long[] acc) {
        nodeOf(root).totalXor(acc);
    }

    /** Number of keys below {@code key}; XORs their fingerprints into {@code acc} when it is not null. */
    public long rank(byte[] key, long[] acc) {
        long rank = 0;
        Node node = nodeOf(root);
        while (!node.leaf) {
            int c = node.childFor(key);
            for (int j = 0; j < c; j++) {
                rank += node.count[j];
                if (acc != null) {
                    Xor256.xorInto(acc, node.xor, j * 4);
                }
            }
            node = nodeOf(node.child[c]);
        }
        int below = node.below(key);
        if (acc != null) {
            for (int j = 0; j < below; j++) {
                Xor256.xorInto(acc, node.xor, j * 4);
            }
        }
        return rank + below;
    }

    /** XORs the fingerprints of the first {@code count} keys into {@code acc}. */
    public void xorOfFirst(long count, long[] acc) {
        Node node = nodeOf(root);
        while (!node.leaf) {
            int c = 0;
            while (c < node.n - 1 && count >= node.count[c]) {
                count -= node.count[c];
                Xor256.xorInto(acc, node.xor, c * 4);
                c++;
            }
            node = nodeOf(node.child[c]);
        }
        for (int j = 0; j < count && j < node.n; j++) {
            Xor256.xorInto(acc, node.xor, j * 4);
        }
    }

    /** The largest key at or below {@code key}, or null; usually one root-to-leaf walk. */
    public byte[] floor(byte[] key) {
        Node node = nodeOf(root);
        while (!node.leaf) {
            node = nodeOf(node.child[node.childFor(key)]);
        }
        int i = node.search(key);
        if (i >= 0) {
            return node.keys[i];
        }
        int below = -i - 1;
        if (below > 0) {
            return node.keys[below - 1];
        }
        long r = rank(key, null);
        return r == 0 ? null : keyAt(r - 1);
    }

    /**
     * What a leaf holds for one key.
     *
     * @param fingerprint four longs
     * @param ref         the value reference
     */
    public record Slot(long[] fingerprint, long ref) {
    }

    /** The slot of {@code key}, or null when the key is absent. */
    public Slot find(byte[] key) {
        Node node = nodeOf(root);
        while (!node.leaf) {
            node = nodeOf(node.child[node.childFor(key)]);
        }
        int i = node.search(key);
        if (i < 0) {
            return null;
        }
        long[] fp = new long[4];
        System.arraycopy(node.xor, i * 4, fp, 0, 4);
        return new Slot(fp, node.child[i]);
    }

    /** The fingerprint stored with {@code key} as four longs, or null when the key is absent. */
    public long[] get(byte[] key) {
        Slot s = find(key);
        return s == null ? null : s.fingerprint();
    }

    /** The key at {@code index} in sorted order. */
    public byte[] keyAt(long index) {
        Node node = nodeOf(root);
        if (index < 0 || index >= node.totalCount()) {
            throw new IndexOutOfBoundsException("index " + index + " of " + node.totalCount());
        }
        while (!node.leaf) {
            int c = 0;
            while (index >= node.count[c]) {
                index -= node.count[c];
                c++;
            }
            node = nodeOf(node.child[c]);
        }
        return node.keys[(int) index];
    }

    /** Iterates keys in order from {@code index}. */
    public Cursor cursor(long index) {
        return new Cursor(index);
    }

    /** Iterates keys in order from the first key at or above {@code key}. */
    public Cursor cursor(byte[] key) {
        return new Cursor(rank(key, null));
    }

    /** Forward iteration over keys and fingerprints; valid while the tree it came from is not changed. */
    public final class Cursor {
        private final Node[] path = new Node[24];
        private final int[] pos = new int[24];
        private int depth;
        private long remaining;

        Cursor(long index) {
            Node node = nodeOf(root);
            long total = node.totalCount();
            remaining = Math.max(0, total - Math.max(0, index));
            if (remaining == 0) {
                return;
            }
            depth = 0;
            while (!node.leaf) {
                int c = 0;
                while (index >= node.count[c]) {
                    index -= node.count[c];
                    c++;
                }
                path[depth] = node;
                pos[depth++] = c;
                node = nodeOf(node.child[c]);
            }
            path[depth] = node;
            pos[depth] = (int) index;
        }

        /** True while keys remain. */
        public boolean hasNext() {
            return remaining > 0;
        }

        /** The current key; then {@link #fingerprint} describes it until {@link #advance()}. */
        public byte[] key() {
            check();
            return path[depth].keys[pos[depth]];
        }

        /** The current key's fingerprint into {@code out[0,4)}. */
        public void fingerprint(long[] out) {
            check();
            System.arraycopy(path[depth].xor, pos[depth] * 4, out, 0, 4);
        }

        /** The current key's value reference. */
        public long ref() {
            check();
            return path[depth].child[pos[depth]];
        }

        /** Moves to the next key. */
        public void advance() {
            check();
            remaining--;
            if (remaining == 0) {
                return;
            }
            int d = depth;
            pos[d]++;
            while (pos[d] >= path[d].n) {
                d--;
                pos[d]++;
            }
            while (d < depth) {
                Node next = nodeOf(path[d].child[pos[d]]);
                d++;
                path[d] = next;
                pos[d] = 0;
            }
        }

        private void check() {
            if (remaining <= 0) {
                throw new NoSuchElementException();
            }
        }
    }
}
