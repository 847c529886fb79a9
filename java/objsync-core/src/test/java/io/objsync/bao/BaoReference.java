package io.objsync.bao;

import io.objsync.internal.java.JavaBlake3;

import java.io.ByteArrayOutputStream;

/**
 * A deliberately naive recursive model of the formats, for differential tests: it recomputes every chaining
 * value from the data with the pure-Java BLAKE3 helpers instead of reading an outboard, and recurses instead of
 * walking a stack. Quadratic-ish; only for small inputs.
 */
final class BaoReference {

    private BaoReference() {
    }

    private static byte[] cv(byte[] data, long start, long len, boolean root) {
        byte[] out = new byte[32];
        JavaBlake3.subtreeCv(null, 0, data, (int) start, (int) len, start / 1024, root, out);
        return out;
    }

    private static long leftLen(long len) {
        return 1024L * Long.highestOneBit((len - 1) / 1024);
    }

    /** The pre-order outboard: a pair for every node with more than {@code 2^blockLog} chunks. */
    static byte[] outboard(byte[] data, int blockLog) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outboard(data, 0, data.length, 1024L << blockLog, out);
        return out.toByteArray();
    }

    private static void outboard(byte[] data, long start, long len, long groupBytes, ByteArrayOutputStream out) {
        if (len <= groupBytes) {
            return;
        }
        long left = leftLen(len);
        out.writeBytes(cv(data, start, left, false));
        out.writeBytes(cv(data, start + left, len - left, false));
        outboard(data, start, left, groupBytes, out);
        outboard(data, start + left, len - left, groupBytes, out);
    }

    /**
     * The response stream for {@code ranges}: the chunks a range set selects are those it contains, except that
     * anything at or past the last chunk selects the last chunk.
     */
    static byte[] encode(byte[] data, ChunkRanges ranges, int blockLog) {
        long chunks = Math.max(1, (data.length + 1023L) / 1024);
        boolean[] selected = new boolean[(int) chunks];
        for (int i = 0; i < chunks - 1; i++) {
            selected[i] = ranges.contains(i);
        }
        selected[(int) chunks - 1] = !ranges.difference(ChunkRanges.of(0, chunks - 1)).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(data, 0, data.length, true, selected, 1L << blockLog, out);
        return out.toByteArray();
    }

    private static void encode(byte[] data, long start, long len, boolean root, boolean[] selected,
                               long groupChunks, ByteArrayOutputStream out) {
        long firstChunk = start / 1024;
        long nodeChunks = Math.max(1, (len + 1023) / 1024);
        int count = 0;
        for (long c = firstChunk; c < firstChunk + nodeChunks; c++) {
            count += selected[(int) c] ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        boolean full = count == nodeChunks;
        if (nodeChunks == 1 || (full && nodeChunks <= groupChunks)) {
            out.write(data, (int) start, (int) len);
            return;
        }
        long left = leftLen(len);
        out.writeBytes(cv(data, start, left, false));
        out.writeBytes(cv(data, start + left, len - left, false));
        encode(data, start, left, false, selected, groupChunks, out);
        encode(data, start + left, len - left, false, selected, groupChunks, out);
    }
}
