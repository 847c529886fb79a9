package io.objsync.docs.internal.tree;

import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

/**
 * Stored form of a node. Leaf: {@code 0, n, n × (key bytes, value reference, fingerprint[32])}. Internal: {@code 1, n, n × (child
 * id, count, xor[32])} then {@code n-1} separator byte strings. Varints as in postcard.
 */
public final class NodeCodec {
    private NodeCodec() {
    }

    public static byte[] encode(Node node) {
        PostcardWriter w = new PostcardWriter(node.n * 80 + 8);
        w.u8(node.leaf ? 0 : 1).varint(node.n);
        byte[] x = new byte[32];
        for (int i = 0; i < node.n; i++) {
            if (node.leaf) {
                w.bytes(node.keys[i]).varint(node.child[i]);
            } else {
                w.varint(node.child[i]).varint(node.count[i]);
            }
            Xor256.store(node.xor, i * 4, x, 0);
            w.fixed(x);
        }
        if (!node.leaf) {
            for (int i = 1; i < node.n; i++) {
                w.bytes(node.keys[i]);
            }
        }
        return w.toByteArray();
    }

    /** Decodes a stored node; corrupt bytes throw {@link io.objsync.internal.postcard.PostcardException}. */
    public static Node decode(byte[] bytes) {
        PostcardReader r = new PostcardReader(bytes);
        boolean leaf = r.bool() ? false : true;
        Node node = new Node(leaf);
        int at = r.position();
        int n = (int) r.u32();
        if (n > Node.MAX) {
            throw new io.objsync.internal.postcard.PostcardException("node of " + n + " slots", at);
        }
        for (int i = 0; i < n; i++) {
            if (leaf) {
                node.keys[i] = r.bytes();
                node.child[i] = r.u64();
            } else {
                node.child[i] = r.u64();
                node.count[i] = r.u64();
            }
            Xor256.load(r.fixed(32), 0, node.xor, i * 4);
        }
        if (!leaf) {
            for (int i = 1; i < n; i++) {
                node.keys[i] = r.bytes();
            }
        }
        node.n = n;
        r.expectEnd();
        return node;
    }
}
