package io.objsync.node;

import io.objsync.hash.Hash;

import java.io.IOException;
import java.util.List;

/**
 * No provider delivered a blob whole and verified. Each provider's failure is a {@linkplain #getSuppressed()
 * suppressed} exception, in the order tried. What verified is kept in the store for a later attempt.
 */
public final class DownloadFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code hash} could not be fetched from any provider; {@code failures} says why, one per provider. */
    public DownloadFailedException(Hash hash, List<IOException> failures) {
        super("no provider delivered " + hash + " (" + failures.size() + " tried)"
                + (failures.isEmpty() ? "" : "; last: " + failures.get(failures.size() - 1).getMessage()));
        failures.forEach(this::addSuppressed);
    }
}
