package io.objsync.cli;

import io.objsync.bao.BaoDecoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * {@code objsync decode HASH -i STREAM -o OUT [--bytes A..B]}: reads a size-prefixed verified stream, writes only
 * verified bytes to OUT at their offsets, and fails at the first node that does not verify.
 */
@Command(name = "decode", description = "Verify a stream from 'encode' against HASH and write the verified bytes.")
final class DecodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HASH")
    String hash;

    @Option(names = {"-i", "--input"}, defaultValue = "-", paramLabel = "STREAM", description = "Stream ('-' = stdin).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "File for the verified bytes.")
    Path output;

    @Mixin
    StreamRangeOptions range;

    @Override
    public Integer call() throws IOException {
        Hash root = Hash.fromHex(hash);
        ChunkRanges ranges = range.chunks();
        long[] written = {0};
        try (InputStream in = new BufferedInputStream(input.equals("-") ? System.in : Files.newInputStream(Path.of(input)),
                1 << 16);
             FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = SizePrefix.read(in);
            BaoDecoder decoder = BaoDecoder.create(root, size, range.blockLog, ranges, new BaoDecoder.Listener() {
                @Override
                public void onData(long offset, ByteBuffer data) throws IOException {
                    written[0] += data.remaining();
                    while (data.hasRemaining()) {
                        offset += out.write(data, offset);
                    }
                }
            });
            decoder.readFrom(in);
            if (in.read() >= 0) {
                spec.commandLine().getErr().println("objsync: trailing data after the stream");
                return ExitStatus.CHECK_FAILED.code;
            }
            decoder.finish();
            spec.commandLine().getErr().println("verified " + written[0] + " bytes of a "
                    + (decoder.isSizeVerified() ? "verified " : "claimed ") + size + "-byte blob into " + output);
            return 0;
        }
    }
}
