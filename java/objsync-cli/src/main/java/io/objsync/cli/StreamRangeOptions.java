package io.objsync.cli;

import io.objsync.bao.ChunkRanges;
import picocli.CommandLine.Option;

/** The options encode and decode share: which bytes the stream covers, and the chunk-group size. */
final class StreamRangeOptions {

    @Option(names = "--bytes", paramLabel = "START..END", converter = ByteRange.Converter.class,
            description = "Byte range of the stream (default: the whole blob).")
    ByteRange bytes = ByteRange.ALL;

    @Option(names = "--block-log", defaultValue = "4", description = "log2 of chunks per group (4 = 16 KiB).")
    int blockLog;

    /** The chunks covering {@link #bytes}. */
    ChunkRanges chunks() {
        return bytes == ByteRange.ALL ? ChunkRanges.all() : ChunkRanges.fromByteRange(bytes.start(), bytes.end());
    }
}
