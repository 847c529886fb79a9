package io.objsync.protocol;

import io.objsync.bao.BaoData;
import io.objsync.bao.Outboard;
import io.objsync.hash.Hash;

import java.io.IOException;
import java.util.Objects;

/**
 * Where a {@link BlobProvider} finds complete blobs: a blob store, or a map in tests. Must be safe to call
 * from several threads.
 */
@FunctionalInterface
public interface BlobSource {

    /** A complete blob: its bytes and its outboard (whose root is the blob's hash). */
    final class Blob {
        private final BaoData data;
        private final Outboard outboard;

        /** The blob with these bytes and outboard, which must describe the same size. */
        public Blob(BaoData data, Outboard outboard) {
            this.data = Objects.requireNonNull(data, "data");
            this.outboard = Objects.requireNonNull(outboard, "outboard");
            if (data.size() != outboard.size()) {
                throw new IllegalArgumentException("data has " + data.size() + " bytes, the outboard describes "
                        + outboard.size());
            }
        }

        /** The bytes. */
        public BaoData data() {
            return data;
        }

        /** The outboard. */
        public Outboard outboard() {
            return outboard;
        }
    }

    /** The complete blob {@code hash}, or null when it is not held (or only in part). */
    Blob get(Hash hash) throws IOException;
}
