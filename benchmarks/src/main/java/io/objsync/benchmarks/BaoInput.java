package io.objsync.benchmarks;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoDecoder;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One blob in the form a BAO operation meets it: an array in memory, or a file (mapped or read, never loaded
 * into the heap). Each knows how to hash itself, compute its outboard, encode its full-range stream and decode
 * that stream, so {@link BaoBenchmark} compares the four operations on the same bytes.
 */
abstract class BaoInput implements Closeable {

    /** Full-range stream writes go nowhere: the encoder's own cost is what is measured. */
    static final OutputStream NULL_SINK = OutputStream.nullOutputStream();

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

    /** Prepares the full-range stream that {@link #decode} reads, from the blob's {@code outboard}. */
    abstract void prepareStream(Outboard outboard) throws IOException;

    /** Decodes the prepared stream, verifying it against {@code root}; returns the bytes released. */
    abstract long decode(Hash root) throws IOException;

    /** A listener that only counts the verified bytes it is given. */
    static final class Counting implements BaoDecoder.Listener {
        long released;

        @Override
        public void onData(long offset, ByteBuffer data) {
            released += data.remaining();
        }
    }

    /** An array in memory; the stream is decoded in place from an array too. */
    private static final class InMemory extends BaoInput {
        private final byte[] data;
        private ByteBuffer stream;

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
        void prepareStream(Outboard outboard) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + outboard.bytes().remaining());
            BaoEncoder.encode(BaoData.of(data), outboard, ChunkRanges.all(), out);
            stream = ByteBuffer.wrap(out.toByteArray());
        }

        @Override
        long decode(Hash root) throws IOException {
            Counting counting = new Counting();
            BaoDecoder decoder = BaoDecoder.create(root, data.length, ChunkRanges.all(), counting);
            decoder.feed(stream.duplicate());
            decoder.finish();
            return counting.released;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A file: hashed and outboarded through maps, encoded with positional reads from a channel, its stream read
     * from disk in 1 MiB reads.
     */
    private static final class InFile extends BaoInput {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20);
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
        void prepareStream(Outboard outboard) throws IOException {
            stream = FileChannel.open(BenchFiles.fullStream(file, outboard), StandardOpenOption.READ);
        }

        /** Reads the stream 1 MiB at a time and pushes each read to the decoder, as a network receiver would. */
        @Override
        long decode(Hash root) throws IOException {
            Counting counting = new Counting();
            BaoDecoder decoder = BaoDecoder.create(root, size, ChunkRanges.all(), counting);
            long at = 0;
            boolean complete = false;
            while (!complete) {
                readBuffer.clear();
                int n = stream.read(readBuffer, at);
                if (n < 0) {
                    break; // finish() reports the truncation
                }
                at += n;
                complete = decoder.feed(readBuffer.flip());
            }
            decoder.finish();
            return counting.released;
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
