package io.objsync.docs.internal.tree;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Changes to a counted B+tree, collected in memory: changed nodes are copies (never the cached originals) and
 * every node on a changed path gets its child's new count and XOR, so the aggregates stay exact. The caller
 * writes {@link #dirty()} and deletes {@link #freed()} in the same store transaction as the entries, then moves
 * to {@link #root()} and {@link #nextId()}.
 */
public final class TreeWriter extends TreeReader {
    private final NodeSource clean;
    private final Map<Long, Node> dirty = new HashMap<>();
    private final Set<Long> freed = new HashSet<>();
    private long nextId;

    /**
     * A writer over the tree rooted at {@code root}; new nodes get ids from {@code nextId} up. A {@code root} of 0
     * starts an empty tree.
     */
    public TreeWriter(NodeSource clean, long root, long nextId) {
        super(null, root);
        this.clean = clean;
        this.nextId = Math.max(1, nextId);
        if (root == 0) {
            this.root = allocate(new Node(true));
        }
    }

    @Override
    Node nodeOf(long id) {
        Node d = dirty.get(id);
        return d != null ? d : clean.load(id);
    }

    /** The next unused node id. */
    public long nextId() {
        return nextId;
    }

    /** Encoded nodes to store, by id. */
    public Map<Long, byte[]> dirtyEncoded() {
        Map<Long, byte[]> out = new HashMap<>(dirty.size() * 2);
        for (Map.Entry<Long, Node> e : dirty.entrySet()) {
            out.put(e.getKey(), NodeCodec.encode(e.getValue()));
        }
        return out;
    }

    /** Changed nodes by id, to publish into a cache once stored. */
    public Map<Long, Node> dirty() {
        return dirty;
    }

    /** Ids of nodes no longer part of the tree. */
    public Set<Long> freed() {
        return freed;
    }

    /** True when nothing changed. */
    public boolean isClean() {
        return dirty.isEmpty() && freed.isEmpty();
    }

    private long allocate(Node node) {
        long id = nextId++;
        dirty.put(id, node);
        return id;
    }

    private Node mutable(long id) {
        Node d = dirty.get(id);
        if (d == null) {
            d = clean.load(id).copy();
            dirty.put(id, d);
        }
        return d;
    }

    private void free(long id) {
        dirty.remove(id);
        freed.add(id);
    }

    /** A fresh value reference (from the same counter as node ids, so never reused). */
    public long allocateRef() {
        return nextId++;
    }

    /**
     * Sets {@code key}'s fingerprint and value reference; returns the previous fingerprint (four longs) or null
     * when the key is new.
     */
    public long[] put(byte[] key, long[] fp, long ref) {
        previous = null;
        Split split = put(root, key, fp, ref);
        if (split != null) {
            Node top = new Node(false);
            long[] x = new long[4];
            Node left = nodeOf(root);
            left.totalXor(x);
            top.insertSlot(0, null, x, 0, root, left.totalCount());
            top.insertSlot(1, split.separator, split.xor, 0, split.id, split.count);
            root = allocate(top);
        }
        return previous;
    }

    /** The fingerprint a {@link #put} replaced, if any. */
    private long[] previous;

    private record Split(byte[] separator, long id, long count, long[] xor) {
    }

    private Split put(long id, byte[] key, long[] fp, long ref) {
        Node node = mutable(id);
        if (node.leaf) {
            int i = node.search(key);
            if (i >= 0) {
                previous = new long[4];
                System.arraycopy(node.xor, i * 4, previous, 0, 4);
                System.arraycopy(fp, 0, node.xor, i * 4, 4);
                node.child[i] = ref;
                return null;
            }
            node.insertSlot(-i - 1, key, fp, 0, ref, 0);
        } else {
            int c = node.childFor(key);
            Split s = put(node.child[c], key, fp, ref);
            refreshSlot(node, c);
            if (s != null) {
                node.insertSlot(c + 1, s.separator, s.xor, 0, s.id, s.count);
            }
        }
        if (node.n <= Node.MAX) {
            return null;
        }
        Node right = new Node(node.leaf);
        node.splitInto(right);
        byte[] separator = right.keys[0];
        if (!right.leaf) {
            right.keys[0] = null;
        }
        long[] x = new long[4];
        right.totalXor(x);
        return new Split(separator, allocate(right), right.totalCount(), x);
    }

    private void refreshSlot(Node parent, int c) {
        Node child = nodeOf(parent.child[c]);
        parent.count[c] = child.totalCount();
        long[] x = new long[4];
        child.totalXor(x);
        System.arraycopy(x, 0, parent.xor, c * 4, 4);
    }

    /** Removes {@code key}; returns its slot, or null when it was absent. */
    public Slot remove(byte[] key) {
        Slot fp = find(key);
        if (fp == null) {
            return null;
        }
        remove(root, key);
        Node r = nodeOf(root);
        while (!r.leaf && r.n == 1) {
            long only = r.child[0];
            free(root);
            root = only;
            r = nodeOf(root);
        }
        if (!r.leaf && r.n == 0) {
            free(root);
            root = allocate(new Node(true));
        }
        return fp;
    }

    private void remove(long id, byte[] key) {
        Node node = mutable(id);
        if (node.leaf) {
            node.removeSlot(node.search(key));
            return;
        }
        int c = node.childFor(key);
        remove(node.child[c], key);
        Node child = nodeOf(node.child[c]);
        if (child.n == 0) {
            free(node.child[c]);
            node.removeSlot(c);
            return;
        }
        refreshSlot(node, c);
        if (child.n < Node.MIN && node.n > 1) {
            int left = c + 1 < node.n ? c : c - 1;
            Node a = nodeOf(node.child[left]);
            Node b = nodeOf(node.child[left + 1]);
            if (a.n + b.n <= Node.MAX) {
                Node merged = mutable(node.child[left]);
                merged.absorb(b, node.keys[left + 1]);
                free(node.child[left + 1]);
                node.removeSlot(left + 1);
                refreshSlot(node, left);
            }
        }
    }
}
