package io.objsync.node;

import java.io.IOException;

/** A download ended because its {@link Cancellation} was cancelled; what verified before is kept. */
public final class DownloadCancelledException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The download was cancelled. */
    public DownloadCancelledException() {
        super("download cancelled");
    }
}
