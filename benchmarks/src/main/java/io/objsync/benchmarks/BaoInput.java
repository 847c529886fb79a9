package io.objsync.benchmarks;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoDecoder;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One blob in the form a BAO operation meets it: an array in memory, or a file (mapped or read, never loaded
 * into the heap). Each knows how to hash itself, compute its outboard, encode its full-range stream and decode
 * that stream, so {@link BaoBenchmark} compares the operations on the same bytes.
 *
 * <p>The stream is decoded two ways. {@link #decode} verifies it in place, where it lies (the array, or the
 * mapped file), as hashing and outboards read the blob: it measures the decoder. {@link #decodeStream} pulls
 * it through an {@link InputStream}, as a receiver reading a socket would: the copies into the decoder's buffer
 * (and from the page cache, for a file) are part of that number.
 */
abstract class BaoInput implements Closeable {

    /** Full-range stream writes go nowhere: the encoder's own cost is what is measured. */
    static final OutputStream NULL_SINK = OutputStream.nullOutputStream();

    /** The most of a file mapped at once. */
    private static final long MAP_WINDOW = 1L << 30;

    private Hash root;

    /**
     * The input a label names: a size such as {@code 64MiB} is an array in memory, a size followed by
     * {@code -file} (such as {@code 1GiB-file}) a file from {@link BenchFiles}.
     */
    static BaoInput open(String label) throws IOException {
        if (label.endsWith("-file")) {
            return new InFile(BenchFiles.blob(Sizes.parse(label.substring(0, label.length() - "-file".length()))));
        }
        return new InMemory(TestData.bytes(Sizes.parseArraySize(label)));
    }

    /** The blob's size in bytes. */
    abstract long size();

    /** The blob's BLAKE3 hash, one thread. */
    abstract Hash hash() throws IOException;

    /** The blob's outboard computed by {@code builder}. */
    abstract Outboard outboard(Outboard.Builder builder) throws IOException;

    /** Writes the stream of every chunk to {@link #NULL_SINK}; returns its length. */
    abstract long encode(Outboard outboard) throws IOException;

    /**
     * Prepares the full-range stream that the decoding methods read and verify against the root, from the blob's
     * {@code outboard}.
     */
    final void prepareStream(Outboard outboard) throws IOException {
        writeStream(outboard);
        root = outboard.root();
    }

    /** Writes the full-range stream of the blob's {@code outboard} where the decoding methods find it. */
    abstract void writeStream(Outboard outboard) throws IOException;

    /** Pushes the whole prepared stream to {@code decoder} from where it lies, without copying it. */
    abstract void feedInPlace(BaoDecoder decoder) throws IOException;

    /** The prepared stream as a new {@link InputStream}. */
    abstract InputStream openStream() throws IOException;

    /** Decodes the prepared stream in place, verifying it; returns the bytes released. */
    final long decode() throws IOException {
        Counting counting = new Counting();
        BaoDecoder decoder = BaoDecoder.create(root, size(), ChunkRanges.all(), counting);
        feedInPlace(decoder);
        decoder.finish();
        return counting.released;
    }

    /** Decodes the prepared stream read through an {@link InputStream}; returns the bytes released. */
    final long decodeStream() throws IOException {
        Counting counting = new Counting();
        BaoDecoder decoder = BaoDecoder.create(root, size(), ChunkRanges.all(), counting);
        try (InputStream in = openStream()) {
            decoder.readFrom(in);
        }
        decoder.finish();
        return counting.released;
    }

    /** A listener that only counts the verified bytes it is given. */
    private static final class Counting implements BaoDecoder.Listener {
        long released;

        @Override
        public void onData(long offset, ByteBuffer data) {
            released += data.remaining();
        }
    }

    /** An array in memory; its stream is an array too. */
    private static final class InMemory extends BaoInput {
        private final byte[] data;
        private byte[] stream;

        InMemory(byte[] data) {
            this.data = data;
        }

        @Override
        long size() {
            return data.length;
        }

        @Override
        Hash hash() {
            return Blake3.hash(data);
        }

        @Override
        Outboard outboard(Outboard.Builder builder) {
            return builder.compute(data);
        }

        @Override
        long encode(Outboard outboard) throws IOException {
            return BaoEncoder.encode(BaoData.of(data), outboard, ChunkRanges.all(), NULL_SINK);
        }

        @Override
        void writeStream(Outboard outboard) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + outboard.bytes().remaining());
            BaoEncoder.encode(BaoData.of(data), outboard, ChunkRanges.all(), out);
            stream = out.toByteArray();
        }

        @Override
        void feedInPlace(BaoDecoder decoder) throws IOException {
            decoder.feed(ByteBuffer.wrap(stream));
        }

        @Override
        InputStream openStream() {
            return new ByteArrayInputStream(stream);
        }

        @Override
        public void close() {
        }
    }

    /**
     * A file: hashed and outboarded through maps, encoded with positional reads from a channel; its stream is a
     * file too, decoded through maps or read through a buffered stream.
     */
    private static final class InFile extends BaoInput {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private Path streamFile;
        private FileChannel stream;

        InFile(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = channel.size();
        }

        @Override
        long size() {
            return size;
        }

        @Override
        Hash hash() throws IOException {
            return Blake3.hash(file);
        }

        @Override
        Outboard outboard(Outboard.Builder builder) throws IOException {
            return builder.compute(file);
        }

        @Override
        long encode(Outboard outboard) throws IOException {
            return BaoEncoder.encode(BaoData.of(channel, size), outboard, ChunkRanges.all(), NULL_SINK);
        }

        @Override
        void writeStream(Outboard outboard) throws IOException {
            streamFile = BenchFiles.fullStream(file, outboard);
            stream = FileChannel.open(streamFile, StandardOpenOption.READ);
        }

        /** Maps the stream a window at a time, as {@code Blake3.hash(Path)} maps the blob. */
        @Override
        void feedInPlace(BaoDecoder decoder) throws IOException {
            long length = stream.size();
            for (long at = 0; at < length; at += MAP_WINDOW) {
                decoder.feed(stream.map(FileChannel.MapMode.READ_ONLY, at, Math.min(MAP_WINDOW, length - at)));
            }
        }

        @Override
        InputStream openStream() throws IOException {
            return new BufferedInputStream(Files.newInputStream(streamFile), 1 << 20);
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                if (stream != null) {
                    stream.close();
                }
            }
        }
    }
}
