package io.objsync.protocol;

import io.objsync.hash.Hash;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a {@link BlobDownloader} puts what it receives. It only ever hands over bytes and outboard pairs that
 * have already verified against the blob's hash, so a sink never holds an unverified byte; a failed transfer
 * is {@linkplain Writer#abort(IOException) aborted} with what verified before the failure kept or dropped as the
 * sink chooses (kept, it is the partial state to resume from).
 */
@FunctionalInterface
public interface BlobSink {

    /** Receives one blob's verified parts, in stream order. */
    interface Writer {

        /** Verified bytes of the blob from {@code offset}; the buffer is only valid during the call. */
        void data(long offset, ByteBuffer verified) throws IOException;

        /** A verified pair at {@code 64 * index} of the blob's pre-order outboard; valid during the call. */
        default void outboardPair(long index, ByteBuffer pair) throws IOException {
        }

        /**
         * Every requested chunk arrived and verified.
         *
         * @param size         the blob's size as the provider claimed it
         * @param sizeVerified whether the last chunk was among them, which proves {@code size}
         */
        void complete(long size, boolean sizeVerified) throws IOException;

        /** The transfer failed with {@code cause}; no more calls follow. */
        void abort(IOException cause);
    }

    /** Starts receiving {@code hash}, whose size the provider claims is {@code claimedSize} (unverified). */
    Writer begin(Hash hash, long claimedSize) throws IOException;
}
