package io.objsync.store;

import java.nio.file.Path;

/** Another process (or another {@link BlobStore} in this one) has the store open; it names the holder. */
public final class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String holder;

    /** @param holder what the lock file says about its holder (for example {@code "pid 1234"}) */
    public StoreLockedException(Path dir, String holder) {
        super("the store " + dir + " is in use by " + holder);
        this.holder = holder;
    }

    /** The holder as its lock file names it. */
    public String holder() {
        return holder;
    }
}
