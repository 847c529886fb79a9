package io.objsync.vault;

import io.objsync.hash.Hash;
import io.objsync.node.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Catalog values in a node's blob store: where the node serves them from and downloads them to. */
final class NodeContent implements CatalogContent {
    private final Node node;

    NodeContent(Node node) {
        this.node = node;
    }

    @Override
    public Hash put(byte[] bytes) {
        try {
            return Node.storeContent(node.blobs(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a catalog value", e);
        }
    }

    @Override
    public Optional<byte[]> get(Hash hash) {
        try {
            if (!node.blobs().has(hash)) {
                return Optional.empty();
            }
            long size = node.blobs().status(hash).orElseThrow().size();
            if (size > MAX_VALUE) {
                return Optional.empty(); // no catalog entry is this large: never read it into memory
            }
            return Optional.of(node.blobs().read(hash, 0, (int) size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a catalog value", e);
        }
    }

    private static final long MAX_VALUE = 1 << 20;
}
