package io.objsync.benchmarks;

import io.objsync.Backends;
import io.objsync.bao.BaoDecoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.hash.Blake3;
import io.objsync.hash.Blake3Hasher;
import io.objsync.hash.Hash;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Shows that decoding stays within bounded memory however large the blob: decodes the full BAO stream of a
 * {@link BenchFiles} blob (1 GiB by default) from an {@code InputStream}, hashes every byte the decoder
 * releases and checks that they are exactly the blob, in order. Run it with a small heap ({@code -Xmx64m});
 * it prints one JSON object and exits 0 only when decoding verified and the released bytes hash to the root.
 *
 * <p>usage: {@code java -Xmx64m -cp benchmarks.jar io.objsync.benchmarks.BoundedDecodeCheck [SIZE]}
 */
public final class BoundedDecodeCheck {

    private BoundedDecodeCheck() {
    }

    /** Prepares the files if missing, decodes, checks, prints the result as JSON. */
    public static void main(String[] args) throws IOException {
        String label = args.length > 0 ? args[0] : "1GiB";
        long size = Sizes.parse(label);
        Path blob = BenchFiles.blob(size);
        Outboard outboard = Outboard.compute(blob);
        Path stream = BenchFiles.fullStream(blob, outboard);
        Hash root = Blake3.hash(blob);

        resetHeapPeaks();
        long start = System.nanoTime();
        Released released = new Released();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stream), 1 << 16)) {
            BaoDecoder decoder = BaoDecoder.create(root, size, ChunkRanges.all(), released);
            decoder.readFrom(in);
            decoder.finish();
            if (in.read() != -1) {
                throw new IllegalStateException("the stream file has bytes after the blob's stream");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Hash rehashed = released.hasher.finalizeHash();
        released.hasher.close();

        boolean passed = released.next == size && rehashed.equals(root);
        System.out.printf(Locale.ROOT, "{\"check\": \"bounded-decode\", \"size\": \"%s\", \"bytes\": %d,"
                        + " \"backend\": \"%s\", \"maxHeapBytes\": %d, \"peakHeapBytes\": %d, \"seconds\": %.3f,"
                        + " \"released\": %d, \"rootMatches\": %b, \"passed\": %b}%n",
                label, size, Backends.active(), Runtime.getRuntime().maxMemory(), heapPeaks(), seconds,
                released.next, rehashed.equals(root), passed);
        if (!passed) {
            System.exit(1);
        }
    }

    /** Rehashes what the decoder releases and checks that it comes in order, without gaps. */
    private static final class Released implements BaoDecoder.Listener {
        final Blake3Hasher hasher = Blake3.newHasher();
        long next;

        @Override
        public void onData(long offset, ByteBuffer data) {
            if (offset != next) {
                throw new IllegalStateException("released bytes at " + offset + ", expected " + next);
            }
            next += data.remaining();
            hasher.update(data);
        }
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peak use since {@link #resetHeapPeaks()}: an upper bound of the live heap. */
    private static long heapPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
