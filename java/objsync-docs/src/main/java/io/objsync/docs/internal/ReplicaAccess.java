package io.objsync.docs.internal;

import io.objsync.docs.Replica;

import java.util.function.Function;

/**
 * Lets the sync engine read a replica's range index without widening {@link Replica}'s public API: the replica
 * class registers the bridge when it is initialised.
 */
public final class ReplicaAccess {
    /** What the sync engine may do with a replica beyond its public API. */
    public interface Bridge {
        /** Runs {@code body} on one consistent snapshot of the replica. */
        <T> T read(Replica replica, Function<RangeIndex, T> body);
    }

    private static volatile Bridge bridge;

    private ReplicaAccess() {
    }

    /** Called once by {@link Replica}. */
    public static void register(Bridge b) {
        bridge = b;
    }

    /** The bridge, initialising {@link Replica} first if needed. */
    public static Bridge get() {
        if (bridge == null) {
            try {
                Class.forName(Replica.class.getName(), true, Replica.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return bridge;
    }
}
