package io.objsync.vault;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Content in memory, keyed by BLAKE3: stands in for a node's blob store where no network is involved. */
final class MapContent implements CatalogContent {
    final Map<Hash, byte[]> values = new ConcurrentHashMap<>();

    @Override
    public Hash put(byte[] bytes) {
        Hash h = Blake3.hash(bytes);
        values.put(h, bytes.clone());
        return h;
    }

    @Override
    public Optional<byte[]> get(Hash hash) {
        return Optional.ofNullable(values.get(hash)).map(byte[]::clone);
    }
}
