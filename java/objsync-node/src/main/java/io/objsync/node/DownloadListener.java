package io.objsync.node;

import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;

import java.io.IOException;

/** Told how a download goes; called on the downloading thread, so keep it quick. Every method has a no-op default. */
public interface DownloadListener {

    /** Does nothing. */
    DownloadListener NONE = new DownloadListener() {
    };

    /** A provider starts sending {@code hash}, which it says has {@code size} bytes (proven as it verifies). */
    default void onBlob(Hash hash, long size) {
    }

    /** {@code total} bytes received from providers so far in this download (all providers together). */
    default void onBytes(long total) {
    }

    /** {@code provider} failed with {@code cause}; the next one is tried. */
    default void onProviderFailed(NodeAddr provider, IOException cause) {
    }
}
