package io.objsync.cli;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code objsync encode FILE -o STREAM [--bytes A..B]}: the blob response a provider sends for a byte range:
 * the 8-byte little-endian size, then the verified stream (parents and 16 KiB groups).
 */
@Command(name = "encode", description = "Write the verified stream (size prefix + BAO) for a byte range of FILE.")
final class EncodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "STREAM", description = "Where to write ('-' for stdout).")
    String output;

    @Option(names = "--outboard", paramLabel = "OUTBOARD",
            description = "Serve from this stored outboard (needs --hash) instead of computing one.")
    Path outboardFile;

    @Option(names = "--hash", paramLabel = "HASH", description = "The blob's hash, with --outboard.")
    String hash;

    @Mixin
    StreamRangeOptions range;

    @Override
    public Integer call() throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            Outboard ob;
            if (outboardFile == null) {
                ob = Outboard.builder().blockLog(range.blockLog).compute(file);
            } else if (hash == null) {
                throw new IllegalArgumentException("--outboard needs --hash: the outboard does not hold the root");
            } else {
                // The encoder checks data and outboard against the hash as it goes: nothing unverified is sent.
                ob = Outboard.of(Hash.fromHex(hash), size, range.blockLog, ByteBuffer.wrap(Files.readAllBytes(outboardFile)));
            }
            ChunkRanges ranges = range.chunks();
            boolean stdout = output.equals("-");
            try (OutputStream out = new BufferedOutputStream(stdout ? System.out : Files.newOutputStream(Path.of(output)),
                    1 << 16)) {
                SizePrefix.write(size, out);
                long n = BaoEncoder.encode(BaoData.of(ch, size), ob, ranges, out);
                Hash root = ob.root();
                spec.commandLine().getErr().println(root.toHex() + "  " + file + " (" + (n + SizePrefix.LENGTH)
                        + " bytes of stream for chunks " + ranges + ")");
            }
            return 0;
        }
    }
}
