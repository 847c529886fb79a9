package io.objsync.cli;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.hash.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code objsync verify FILE OUTBOARD HASH}: checks every group and parent of FILE against OUTBOARD and HASH. */
@Command(name = "verify", description = "Verify a file and its outboard against a BLAKE3 hash.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "OUTBOARD")
    Path outboard;

    @Parameters(index = "2", paramLabel = "HASH")
    String hash;

    @Option(names = "--block-log", defaultValue = "4", description = "log2 of chunks per group the outboard uses.")
    int blockLog;

    @Override
    public Integer call() throws IOException {
        Hash root = Hash.fromHex(hash);
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            byte[] obBytes = Files.readAllBytes(outboard);
            if (obBytes.length != Outboard.sizeOf(size, blockLog)) {
                spec.commandLine().getOut().println(file + ": FAILED (outboard has " + obBytes.length
                        + " bytes, a " + size + "-byte file needs " + Outboard.sizeOf(size, blockLog) + ")");
                return ExitStatus.CHECK_FAILED.code;
            }
            Outboard ob = Outboard.of(root, size, blockLog, ByteBuffer.wrap(obBytes));
            // Encoding the whole blob checks every parent and group before it would be sent.
            BaoEncoder.encode(BaoData.of(ch, size), ob, ChunkRanges.all(), OutputStream.nullOutputStream());
            spec.commandLine().getOut().println(file + ": OK");
            return 0;
        } catch (BaoVerificationException e) {
            spec.commandLine().getOut().println(file + ": FAILED (" + e.getMessage() + ")");
            return ExitStatus.CHECK_FAILED.code;
        }
    }
}
