package io.objsync.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.bao.Outboard;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark harness measures what it claims: each input's four operations agree with each other and with
 * the data, and file inputs hold the same bytes as array inputs of that size. Small sizes; no timing.
 */
class BaoInputTest {

    @TempDir
    Path dir;

    @BeforeEach
    void useTempDir() {
        System.setProperty("objsync.bench.dir", dir.toString());
    }

    @AfterEach
    void clearDir() {
        System.clearProperty("objsync.bench.dir");
    }

    @Test
    void sizesParseTheLabelsTheBenchmarksUse() {
        assertEquals(64, Sizes.parse("64B"));
        assertEquals(64, Sizes.parse("64"));
        assertEquals(16 << 10, Sizes.parse("16KiB"));
        assertEquals(64 << 20, Sizes.parse("64MiB"));
        assertEquals(1L << 30, Sizes.parse("1GiB"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1GB"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("MiB"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseArraySize("2GiB"));
    }

    @Test
    void fileInputsHoldTheBytesOfArrayInputs() throws IOException {
        int size = (3 << 20) + 5; // more than one 1 MiB write block, not a multiple of 8
        assertArrayEquals(TestData.bytes(size), Files.readAllBytes(BenchFiles.blob(size)));
    }

    @Test
    void filesAreWrittenOnceAndReused() throws IOException {
        Path first = BenchFiles.blob(4096);
        long written = Files.getLastModifiedTime(first).toMillis();
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        Path again = BenchFiles.blob(4096);
        assertEquals(first, again);
        assertEquals(written - 60_000, Files.getLastModifiedTime(again).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1KiB", "100KiB", "1MiB", "64KiB-file", "1MiB-file", "1000KiB-file"})
    void hashOutboardEncodeAndDecodeAgree(String label) throws IOException {
        long size = Sizes.parse(label.replace("-file", ""));
        try (BaoInput input = BaoInput.open(label)) {
            assertEquals(size, input.size());
            Hash hash = input.hash();
            assertEquals(Blake3.hash(TestData.bytes((int) size)), hash);

            Outboard outboard = input.outboard(Outboard.builder().threads(1));
            assertEquals(hash, outboard.root());
            assertEquals(outboard, input.outboard(Outboard.builder().threads(2)));

            assertEquals(size + outboard.bytes().remaining(), input.encode(outboard));
            input.prepareStream(outboard);
            assertEquals(size, input.decode());
            assertEquals(size, input.decode(), "decoding twice reads the stream from its start again");
            assertEquals(size, input.decodeStream());
            assertEquals(size, input.decodeStream());
        }
    }
}
