package io.objsync.protocol;

import io.objsync.bao.BaoData;
import io.objsync.bao.Outboard;
import io.objsync.hash.Hash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A blob source and sink in memory that records everything the downloader hands it. */
final class MemoryBlobs implements BlobSource, BlobSink {

    /** One call of {@link Writer#data}: where and what. */
    record Piece(Hash hash, long offset, byte[] bytes) {
    }

    final Map<Hash, byte[]> complete = new ConcurrentHashMap<>();
    final List<Piece> pieces = Collections.synchronizedList(new ArrayList<>());
    final List<Hash> aborted = Collections.synchronizedList(new ArrayList<>());
    final Map<Hash, Boolean> sizeVerified = new ConcurrentHashMap<>();

    /** Stores {@code data} as a complete blob. */
    Hash put(byte[] data) {
        Hash h = Outboard.compute(data).root();
        complete.put(h, data.clone());
        return h;
    }

    /** Stores a hash sequence of {@code children}. */
    Hash putHashSeq(List<Hash> children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        children.forEach(c -> out.writeBytes(c.toBytes()));
        return put(out.toByteArray());
    }

    @Override
    public Blob get(Hash hash) {
        byte[] data = complete.get(hash);
        return data == null ? null : new Blob(BaoData.of(data), Outboard.compute(data));
    }

    @Override
    public Writer begin(Hash hash, long claimedSize) {
        return new Writer() {
            final byte[] buf = new byte[(int) Math.min(claimedSize, 64 << 20)];
            boolean whole = true;
            long next;

            @Override
            public void data(long offset, ByteBuffer verified) {
                byte[] b = new byte[verified.remaining()];
                verified.duplicate().get(b);
                pieces.add(new Piece(hash, offset, b));
                whole &= offset == next;
                next = offset + b.length;
                System.arraycopy(b, 0, buf, (int) offset, b.length);
            }

            @Override
            public void complete(long size, boolean verifiedSize) {
                sizeVerified.put(hash, verifiedSize);
                if (whole && next == size) {
                    complete.put(hash, buf);
                }
            }

            @Override
            public void abort(IOException cause) {
                aborted.add(hash);
            }
        };
    }

    /** The bytes received for {@code hash} at {@code [start, end)}, from the recorded pieces. */
    byte[] received(Hash hash, long start, long end) {
        byte[] out = new byte[(int) (end - start)];
        boolean[] seen = new boolean[out.length];
        synchronized (pieces) {
            for (Piece p : pieces) {
                if (p.hash().equals(hash)) {
                    for (int i = 0; i < p.bytes().length; i++) {
                        long at = p.offset() + i;
                        if (at >= start && at < end) {
                            out[(int) (at - start)] = p.bytes()[i];
                            seen[(int) (at - start)] = true;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new AssertionError("byte " + (start + i) + " of " + hash + " never arrived");
            }
        }
        return out;
    }
}
