package io.objsync.store;

/** Told how far an import has got; called on the importing thread, so keep it quick. */
@FunctionalInterface
public interface ImportProgress {

    /** A no-op. */
    ImportProgress NONE = (done, total) -> { };

    /**
     * @param done  bytes read so far
     * @param total the input's size when known (a file), else -1
     */
    void onProgress(long done, long total);
}
