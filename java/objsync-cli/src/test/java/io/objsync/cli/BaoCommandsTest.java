package io.objsync.cli;

import io.objsync.hash.Blake3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** outboard, verify, encode and decode: verified streaming end to end through the CLI. */
class BaoCommandsTest {

    @TempDir
    Path dir;

    private byte[] data;
    private Path file;

    private void blob(int size) throws Exception {
        data = new byte[size];
        new Random(size).nextBytes(data);
        file = dir.resolve("blob.bin");
        Files.write(file, data);
    }

    private String outboard(Path out) {
        CliRunner.Result r = CliRunner.run("outboard", file.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        String hex = r.out().substring(0, 64);
        assertEquals(Blake3.hash(data).toHex(), hex);
        return hex;
    }

    @Test
    void outboardThenVerify() throws Exception {
        blob(300_000);
        Path ob = dir.resolve("blob.obao4");
        String hash = outboard(ob);
        assertEquals((300_000 / 16384) * 64, Files.size(ob)); // ceil(size/16 KiB) - 1 pairs
        CliRunner.Result ok = CliRunner.run("verify", file.toString(), ob.toString(), hash);
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().endsWith(": OK\n"), ok.out());

        data[123_456] ^= 1;
        Files.write(file, data);
        CliRunner.Result bad = CliRunner.run("verify", file.toString(), ob.toString(), hash);
        assertEquals(1, bad.exitCode());
        assertTrue(bad.out().contains("FAILED"), bad.out());
    }

    @Test
    void encodeAndDecodeAByteRange() throws Exception {
        blob(1_000_000);
        String hash = Blake3.hash(data).toHex();
        Path stream = dir.resolve("range.bao");
        Path out = dir.resolve("out.bin");
        CliRunner.Result enc = CliRunner.run("encode", file.toString(), "-o", stream.toString(), "--bytes", "200000..300000");
        assertEquals(0, enc.exitCode(), enc.err());
        assertTrue(Files.size(stream) < 200_000, "a range stream carries only the covering groups");

        CliRunner.Result dec = CliRunner.run("decode", hash, "-i", stream.toString(), "-o", out.toString(),
                "--bytes", "200000..300000");
        assertEquals(0, dec.exitCode(), dec.err());
        byte[] got = Files.readAllBytes(out);
        // Chunks covering the range arrive at their offsets: [199680, 300032).
        assertArrayEquals(Arrays.copyOfRange(data, 199_680, 300_032), Arrays.copyOfRange(got, 199_680, 300_032));
    }

    @Test
    void fullStreamFromAStoredOutboardRoundTrips() throws Exception {
        blob(70_000);
        Path ob = dir.resolve("b.obao4");
        String hash = outboard(ob);
        Path stream = dir.resolve("all.bao");
        Path out = dir.resolve("all.bin");
        assertEquals(0, CliRunner.run("encode", file.toString(), "--outboard", ob.toString(), "--hash", hash,
                "-o", stream.toString()).exitCode());
        CliRunner.Result dec = CliRunner.run("decode", hash, "-i", stream.toString(), "-o", out.toString());
        assertEquals(0, dec.exitCode(), dec.err());
        assertTrue(dec.err().contains("verified 70000 bytes of a verified 70000-byte blob"), dec.err());
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void corruptOrTruncatedStreamsAreRefused() throws Exception {
        blob(100_000);
        String hash = Blake3.hash(data).toHex();
        Path stream = dir.resolve("s.bao");
        assertEquals(0, CliRunner.run("encode", file.toString(), "-o", stream.toString()).exitCode());
        byte[] s = Files.readAllBytes(stream);

        byte[] flipped = s.clone();
        flipped[s.length / 2] ^= 0x40;
        Files.write(stream, flipped);
        CliRunner.Result bad = CliRunner.run("decode", hash, "-i", stream.toString(), "-o", dir.resolve("o1").toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, bad.exitCode());
        assertTrue(bad.err().startsWith("objsync: "), bad.err());

        Files.write(stream, Arrays.copyOf(s, s.length - 100));
        CliRunner.Result cut = CliRunner.run("decode", hash, "-i", stream.toString(), "-o", dir.resolve("o2").toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, cut.exitCode(), cut.err());

        byte[] longer = Arrays.copyOf(s, s.length + 1);
        Files.write(stream, longer);
        CliRunner.Result trailing = CliRunner.run("decode", hash, "-i", stream.toString(), "-o", dir.resolve("o3").toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, trailing.exitCode());
        assertTrue(trailing.err().contains("trailing"), trailing.err());

        Files.write(stream, s);
        String wrong = Blake3.hash(new byte[] {1}).toHex();
        assertEquals(ExitStatus.CHECK_FAILED.code, CliRunner.run("decode", wrong, "-i", stream.toString(), "-o", dir.resolve("o4").toString())
                .exitCode());
    }
}
