package io.objsync.docs.internal.tree;

import java.util.Arrays;

/**
 * One node of the counted B+tree. A leaf holds up to {@link #MAX} sorted keys with their 256-bit fingerprints and
 * a reference to each key's value (its row in the store); an
 * internal node holds up to {@link #MAX} children with each child's entry count and XOR of fingerprints, and for
 * every child after the first a separator: the smallest key that child may hold. Nodes handed out by a cache are
 * never changed; writers change copies.
 */
public final class Node {
    /** Most slots in a node; a node that grows past this splits in two. */
    static final int MAX = 64;
    /** A node below this many slots is merged with a neighbour when the two fit in one. */
    static final int MIN = MAX / 4;

    final boolean leaf;
    int n;
    byte[][] keys;
    /** Four longs per slot: the entry's fingerprint (leaf) or the child's subtree XOR (internal). */
    long[] xor;
    /** Internal: child node ids; leaf: value references. */
    long[] child;
    long[] count;

    Node(boolean leaf) {
        this.leaf = leaf;
        keys = new byte[MAX + 1][];
        xor = new long[(MAX + 1) * Xor256.LONGS];
        child = new long[MAX + 1];
        if (!leaf) {
            count = new long[MAX + 1];
        }
    }

    Node copy() {
        Node c = new Node(leaf);
        c.n = n;
        System.arraycopy(keys, 0, c.keys, 0, n);
        System.arraycopy(xor, 0, c.xor, 0, n * Xor256.LONGS);
        System.arraycopy(child, 0, c.child, 0, n);
        if (!leaf) {
            System.arraycopy(count, 0, c.count, 0, n);
        }
        return c;
    }

    long totalCount() {
        if (leaf) {
            return n;
        }
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += count[i];
        }
        return s;
    }

    void totalXor(long[] acc) {
        for (int i = 0; i < n; i++) {
            Xor256.xorInto(acc, xor, i * Xor256.LONGS);
        }
    }

    /** Leaf: the index of {@code key}, or {@code -(insertion point) - 1}. */
    int search(byte[] key) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(keys[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Leaf: how many keys are below {@code key}. */
    int below(byte[] key) {
        int i = search(key);
        return i >= 0 ? i : -i - 1;
    }

    /** Internal: the child whose key range holds {@code key}. */
    int childFor(byte[] key) {
        int lo = 1;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(keys[mid], key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo - 1;
    }

    void insertSlot(int i, byte[] key, long[] x, int xAt, long childId, long cnt) {
        System.arraycopy(keys, i, keys, i + 1, n - i);
        System.arraycopy(xor, i * 4, xor, (i + 1) * 4, (n - i) * 4);
        keys[i] = key;
        System.arraycopy(x, xAt, xor, i * 4, 4);
        System.arraycopy(child, i, child, i + 1, n - i);
        child[i] = childId;
        if (!leaf) {
            System.arraycopy(count, i, count, i + 1, n - i);
            count[i] = cnt;
        }
        n++;
    }

    void removeSlot(int i) {
        System.arraycopy(keys, i + 1, keys, i, n - i - 1);
        System.arraycopy(xor, (i + 1) * 4, xor, i * 4, (n - i - 1) * 4);
        System.arraycopy(child, i + 1, child, i, n - i - 1);
        if (!leaf) {
            System.arraycopy(count, i + 1, count, i, n - i - 1);
        }
        n--;
        keys[n] = null;
    }

    /** Moves the upper half of the slots into {@code right}. */
    void splitInto(Node right) {
        int mid = n / 2;
        int moved = n - mid;
        System.arraycopy(keys, mid, right.keys, 0, moved);
        System.arraycopy(xor, mid * 4, right.xor, 0, moved * 4);
        System.arraycopy(child, mid, right.child, 0, moved);
        if (!leaf) {
            System.arraycopy(count, mid, right.count, 0, moved);
        }
        right.n = moved;
        Arrays.fill(keys, mid, n, null);
        n = mid;
    }

    /** Appends all of {@code right}'s slots; {@code separator} becomes the key of its first slot. */
    void absorb(Node right, byte[] separator) {
        System.arraycopy(right.keys, 0, keys, n, right.n);
        System.arraycopy(right.child, 0, child, n, right.n);
        if (!leaf) {
            keys[n] = separator;
            System.arraycopy(right.count, 0, count, n, right.n);
        }
        System.arraycopy(right.xor, 0, xor, n * 4, right.n * 4);
        n += right.n;
    }
}
