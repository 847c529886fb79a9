package io.objsync.node;

import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;
import io.objsync.store.BlobFormat;

/**
 * A finished download.
 *
 * @param hash          what was fetched
 * @param format        a single blob, or a hash sequence with every blob it lists
 * @param provider      the provider that completed it (null when the store already held everything)
 * @param bytesReceived stream bytes received from all providers tried
 * @param failures      providers that failed before this one
 */
public record DownloadResult(Hash hash, BlobFormat format, NodeAddr provider, long bytesReceived, int failures) {
}
