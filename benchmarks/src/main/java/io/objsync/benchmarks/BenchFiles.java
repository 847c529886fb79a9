package io.objsync.benchmarks;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The large file inputs (a blob and its full-range BAO stream), kept between forks and runs because writing a
 * GiB costs more than measuring it. They live in {@code -Dobjsync.bench.dir}, else {@code $OBJSYNC_BENCH_DIR},
 * else {@code java.io.tmpdir/objsync-bench}; a file is written under a temporary name and renamed when
 * complete, so an interrupted run never leaves a short file behind under the final name.
 */
final class BenchFiles {

    /** Bumped whenever the content or the stream format changes, so stale files are not reused. */
    private static final String VERSION = "v1";

    private BenchFiles() {
    }

    /** The directory holding the files. */
    static Path dir() {
        String dir = System.getProperty("objsync.bench.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("OBJSYNC_BENCH_DIR");
        }
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("java.io.tmpdir") + "/objsync-bench";
        }
        return Path.of(dir);
    }

    /** A file of {@code size} bytes of {@link TestData}, written if missing. */
    static Path blob(long size) throws IOException {
        Path file = dir().resolve("blob-" + size + "-" + VERSION + ".bin");
        if (!isComplete(file, size)) {
            write(file, out -> {
                SplittableRandom random = TestData.stream();
                byte[] block = new byte[1 << 20];
                for (long done = 0; done < size; ) {
                    int n = (int) Math.min(block.length, size - done);
                    TestData.fill(random, block, n);
                    out.write(block, 0, n);
                    done += n;
                }
            });
        }
        return file;
    }

    /**
     * The BAO stream of every chunk of {@code blob} (16 KiB groups, no size prefix), written if missing, from
     * the blob's {@code outboard}.
     */
    static Path fullStream(Path blob, Outboard outboard) throws IOException {
        Path file = dir().resolve(blob.getFileName() + ".bao");
        long expected = outboard.size() + outboard.bytes().remaining();
        if (!isComplete(file, expected)) {
            write(file, out -> {
                try (FileChannel in = FileChannel.open(blob, StandardOpenOption.READ)) {
                    BaoEncoder.encode(BaoData.of(in, outboard.size()), outboard, ChunkRanges.all(), out);
                }
            });
        }
        return file;
    }

    private static boolean isComplete(Path file, long size) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == size;
    }

    private interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void write(Path file, Writer writer) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                writer.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
