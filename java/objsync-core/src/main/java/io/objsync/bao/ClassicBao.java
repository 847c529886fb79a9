package io.objsync.bao;

import io.objsync.hash.Hash;
import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The classic bao formats (oconnor663/bao), for compatibility: every 1 KiB chunk is a leaf (groups of one
 * chunk, {@code blockLog = 0}) and each form starts with the 8-byte little-endian size ({@link SizePrefix}).
 * <ul>
 *   <li>combined encoding: size, then every parent and chunk in pre-order;</li>
 *   <li>outboard: size, then every parent in pre-order (the chunks stay in the original data);</li>
 *   <li>slice of {@code [start, start + len)}: size, then the parents and chunks met on the way to those bytes.
 *   A length of 0 counts as 1, and a start at or past the end gives the last chunk, so every slice holds at
 *   least one chunk; its bytes beyond the end are capped.</li>
 * </ul>
 * Decoding verifies everything against the root hash and rejects bytes after the end.
 */
public final class ClassicBao {

    private ClassicBao() {
    }

    /** The combined encoding of {@code data}. */
    public static byte[] encode(byte[] data) {
        return encode(BackendRegistry.active(), data);
    }

    /** The outboard encoding of {@code data}: the size, then the parents. */
    public static byte[] outboard(byte[] data) {
        return outboard(BackendRegistry.active(), data);
    }

    /** The slice of {@code data} for the bytes {@code [start, start + len)}. */
    public static byte[] slice(byte[] data, long start, long len) {
        return slice(BackendRegistry.active(), data, start, len);
    }

    /**
     * Writes the combined encoding of a stored blob with a classic outboard ({@code blockLog 0}) to {@code out},
     * checking every node as {@link BaoEncoder} does.
     */
    public static void encode(BaoData data, Outboard outboard, OutputStream out) throws IOException {
        slice(data, outboard, 0, Long.MAX_VALUE, out);
    }

    /**
     * Writes the slice for {@code [start, start + len)} of a stored blob with a classic outboard
     * ({@code blockLog 0}) to {@code out}, checking every node as {@link BaoEncoder} does.
     */
    public static void slice(BaoData data, Outboard outboard, long start, long len, OutputStream out)
            throws IOException {
        Objects.requireNonNull(out, "out");
        slice(BackendRegistry.active(), data, outboard, start, len, out::write);
    }

    /**
     * The data of a combined encoding, verified against {@code root}.
     *
     * @throws BaoException when the encoding does not verify, ends early or has bytes after its end
     */
    public static byte[] decode(byte[] encoded, Hash root) throws BaoException {
        return decode(BackendRegistry.active(), encoded, root);
    }

    /**
     * Streams the data of a combined encoding read from {@code encoded} (to its end) into {@code out}; only
     * verified bytes are written.
     *
     * @throws BaoException when the encoding does not verify, ends early or has bytes after its end
     */
    public static void decode(InputStream encoded, Hash root, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        decode(BackendRegistry.active(), encoded, root, out);
    }

    /**
     * Verifies {@code data} against a classic {@code outboard} (size header included) and {@code root}; returns
     * {@code data} when everything matches.
     *
     * @throws BaoException when the outboard or data do not verify or their lengths do not match the header
     */
    public static byte[] decodeOutboard(byte[] data, byte[] outboard, Hash root) throws BaoException {
        return decodeOutboard(BackendRegistry.active(), data, outboard, root);
    }

    /**
     * The blob bytes {@code [start, start + len)} (capped at the end) from a slice, verified against
     * {@code root}.
     *
     * @throws BaoException when the slice does not verify, ends early or has bytes after its end
     */
    public static byte[] decodeSlice(byte[] slice, Hash root, long start, long len) throws BaoException {
        return decodeSlice(BackendRegistry.active(), slice, root, start, len);
    }

    // ---- on a given backend (the public methods above use the active one) ---------------------------

    static byte[] encode(Backend backend, byte[] data) {
        Objects.requireNonNull(data, "data");
        return write(backend, data, ChunkRanges.all());
    }

    static byte[] outboard(Backend backend, byte[] data) {
        Objects.requireNonNull(data, "data");
        Outboard ob = classicOutboard(backend, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SizePrefix.LENGTH + (int) Outboard.sizeOf(data.length, 0));
        out.writeBytes(SizePrefix.encode(data.length));
        out.writeBytes(ob.toByteArray());
        return out.toByteArray();
    }

    static byte[] slice(Backend backend, byte[] data, long start, long len) {
        Objects.requireNonNull(data, "data");
        return write(backend, data, sliceRanges(start, len));
    }

    static void slice(Backend backend, BaoData data, Outboard outboard, long start, long len,
                      BaoEncoder.Sink out) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(outboard, "outboard");
        if (outboard.blockLog() != 0) {
            throw new IllegalArgumentException("classic bao needs an outboard with blockLog 0, got "
                    + outboard.blockLog());
        }
        ChunkRanges ranges = sliceRanges(start, len);
        byte[] header = SizePrefix.encode(outboard.size());
        out.write(header, 0, header.length);
        BaoEncoder.batched(backend, data, outboard, ranges, out);
    }

    static byte[] decode(Backend backend, byte[] encoded, Hash root) throws BaoException {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(root, "root");
        Collector collector = new Collector(0, Long.MAX_VALUE);
        decodeBuffer(backend, ByteBuffer.wrap(encoded), root, ChunkRanges.all(), collector);
        return collector.out.toByteArray();
    }

    static void decode(Backend backend, InputStream encoded, Hash root, OutputStream out) throws IOException {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(root, "root");
        long size = SizePrefix.read(encoded);
        BaoDecoder decoder = BaoDecoder.create(backend, root, size, 0, ChunkRanges.all(), (offset, data) -> {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                out.write(copy);
            }
        });
        decoder.readFrom(encoded);
        if (encoded.read() >= 0) {
            throw new BaoException("unexpected bytes after the end of the encoding",
                    SizePrefix.LENGTH + decoder.bytesConsumed());
        }
        decoder.finish();
    }

    static byte[] decodeOutboard(Backend backend, byte[] data, byte[] outboard, Hash root) throws BaoException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(outboard, "outboard");
        Objects.requireNonNull(root, "root");
        ByteBuffer in = ByteBuffer.wrap(outboard);
        long size = SizePrefix.decode(in);
        if (size != data.length) {
            throw new BaoException("outboard header says " + size + " bytes, the data has " + data.length, 0);
        }
        if (in.remaining() != Outboard.sizeOf(size, 0)) {
            throw new BaoException("outboard for " + size + " bytes must have " + Outboard.sizeOf(size, 0)
                    + " bytes of parents, has " + in.remaining(), SizePrefix.LENGTH);
        }
        try {
            // Encoding checks every node against the root; the stream itself is not needed.
            BaoEncoder.encode(backend, BaoData.of(data), Outboard.of(root, size, 0, in), ChunkRanges.all(),
                    (b, off, len) -> { });
        } catch (BaoException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory reads do not fail
        }
        return data;
    }

    static byte[] decodeSlice(Backend backend, byte[] slice, Hash root, long start, long len) throws BaoException {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(root, "root");
        checkSlice(start, len);
        long end = start + len < 0 ? Long.MAX_VALUE : start + len;
        Collector collector = new Collector(start, end);
        decodeBuffer(backend, ByteBuffer.wrap(slice), root, sliceRanges(start, len), collector);
        return collector.out.toByteArray();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The chunks a slice holds: those covering {@code [start, start + max(len, 1))}. */
    static ChunkRanges sliceRanges(long start, long len) {
        checkSlice(start, len);
        long end = start + Math.max(len, 1);
        return ChunkRanges.fromByteRange(start, end < 0 ? Long.MAX_VALUE : end);
    }

    private static void checkSlice(long start, long len) {
        if (start < 0 || len < 0) {
            throw new IllegalArgumentException("negative slice start or length: " + start + ", " + len);
        }
    }

    private static Outboard classicOutboard(Backend backend, byte[] data) {
        return Outboard.builder().blockLog(0).backend(backend).compute(data);
    }

    /** Size header, then the stream for {@code ranges}, from in-memory data. */
    private static byte[] write(Backend backend, byte[] data, ChunkRanges ranges) {
        Outboard ob = classicOutboard(backend, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SizePrefix.encode(data.length));
        try {
            BaoEncoder.encode(backend, BaoData.of(data), ob, ranges, out::write);
        } catch (IOException e) {
            // The outboard was just computed from this data, so it verifies; memory writes do not fail.
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Size header, then a stream that must end exactly at the buffer's end. */
    private static void decodeBuffer(Backend backend, ByteBuffer in, Hash root, ChunkRanges ranges,
                                     Collector collector) throws BaoException {
        long size = SizePrefix.decode(in);
        BaoDecoder decoder = BaoDecoder.create(backend, root, size, 0, ranges, collector);
        try {
            decoder.feed(in);
            decoder.finish();
        } catch (BaoException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the collector does not throw
        }
    }

    /** Keeps the verified bytes that fall in {@code [from, to)}. */
    private static final class Collector implements BaoDecoder.Listener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long from;
        private final long to;

        Collector(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void onData(long offset, ByteBuffer data) {
            long s = Math.max(offset, from);
            long e = Math.min(offset + data.remaining(), to);
            if (s < e) {
                byte[] b = new byte[(int) (e - s)];
                data.get(data.position() + (int) (s - offset), b);
                out.writeBytes(b);
            }
        }
    }
}
