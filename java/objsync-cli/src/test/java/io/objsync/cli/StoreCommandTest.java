package io.objsync.cli;

import io.objsync.hash.Blake3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** objsync store add, ls, get, tag, gc and validate against a store under --home. */
class StoreCommandTest {

    @TempDir
    Path dir;

    private CliRunner.Result store(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "store";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.runIn(dir.resolve("home"), all);
    }

    /** Writes {@code data} to {@code file}, adds it with {@code option}, checks and returns the printed hash. */
    private String add(Path file, byte[] data, String option) throws IOException {
        Files.write(file, data);
        CliRunner.Result add = store("add", option, file.toString());
        assertEquals(0, add.exitCode(), add.err());
        String hex = Blake3.hash(data).toHex();
        assertEquals(hex + "\n", add.out());
        return hex;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void addListGetTagAndCollect() throws Exception {
        byte[] data = random(200_000, 1);
        Path file = dir.resolve("file.bin");
        Files.write(file, data);
        CliRunner.Result add = store("add", file.toString(), "--progress");
        assertEquals(0, add.exitCode(), add.err());
        String hex = Blake3.hash(data).toHex();
        assertEquals(hex + "\n", add.out());
        assertTrue(add.err().contains("100%"), "progress on stderr: " + add.err());
        assertTrue(Files.isDirectory(dir.resolve("home/store/blobs")), "the store lives in <home>/store");

        CliRunner.Result ls = store("ls");
        assertEquals(hex + "\t200000\tcomplete\n", ls.out());
        assertEquals("file.bin\t" + hex + "\traw\n", store("ls", "--tags").out());

        Path out = dir.resolve("out.bin");
        assertEquals(0, store("get", hex, "-o", out.toString()).exitCode());
        assertArrayEquals(data, Files.readAllBytes(out));

        assertEquals(0, store("tag", "second", hex).exitCode());
        assertEquals("file.bin\t" + hex + "\traw\nsecond\t" + hex + "\traw\n", store("tag").out());
        assertEquals(0, store("tag", "--delete", "file.bin").exitCode());
        assertEquals(1, store("tag", "--delete", "file.bin").exitCode());
        assertEquals("removed 0 blobs (0 B), kept 1\n", store("gc").out());
        assertEquals(0, store("tag", "--delete", "second").exitCode());
        assertTrue(store("gc").out().startsWith("removed 1 blobs"));
        assertEquals("", store("ls").out());

        CliRunner.Result missing = store("get", hex, "-o", out.toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, missing.exitCode());
        assertTrue(missing.err().contains("no blob " + hex), missing.err());
    }

    /** --no-sync skips the flushes only: the blob is stored, tagged and read back the same. */
    @Test
    void addWithoutSyncStoresTheSameBlob() throws Exception {
        byte[] data = random(3_000_000, 5);
        Path file = dir.resolve("nosync.bin");
        String hex = add(file, data, "--no-sync");
        Path out = dir.resolve("nosync.out");
        assertEquals(0, store("get", hex, "-o", out.toString()).exitCode());
        assertArrayEquals(data, Files.readAllBytes(out));
        assertEquals(0, store("validate").exitCode());
    }

    @Test
    void aDirectoryBecomesACollectionAndComesBackOut() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.write(tree.resolve("a.txt"), "hello".getBytes());
        Files.write(tree.resolve("sub/b.bin"), random(50_000, 2));
        CliRunner.Result add = store("add", tree.toString(), "--tag", "t");
        assertEquals(0, add.exitCode(), add.err());
        assertFalse(add.err().contains("%"), "no progress unless asked or on a terminal");
        String hex = add.out().trim();
        assertTrue(store("ls", "--tags").out().contains("t\t" + hex + "\thash-seq"));
        assertEquals(4, store("ls").out().lines().count(), "two files, metadata, hash sequence");
        assertTrue(store("gc").out().startsWith("removed 0 blobs"), "the hash-seq tag keeps the files");
        Path out = dir.resolve("copy");
        CliRunner.Result get = store("get", hex, "--collection", "-o", out.toString());
        assertEquals(0, get.exitCode(), get.err());
        assertEquals("hello", Files.readString(out.resolve("a.txt")));
        assertArrayEquals(random(50_000, 2), Files.readAllBytes(out.resolve("sub/b.bin")));
    }

    @Test
    void validateReportsDamage() throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, random(100_000, 3));
        String hex = store("add", file.toString()).out().trim();
        assertEquals(0, store("validate").exitCode());
        Path data = dir.resolve("home/store/blobs/" + hex.substring(0, 2) + "/" + hex + ".data");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(40_000);
            f.write(0x55 ^ f.readByte());
        }
        CliRunner.Result v = store("validate");
        assertEquals(1, v.exitCode());
        assertTrue(v.out().startsWith("DAMAGED " + hex + " chunks {32..48}"), v.out());
        CliRunner.Result get = store("get", hex, "-o", dir.resolve("x").toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, get.exitCode());
        assertTrue(get.err().contains("lacks verified chunks"), get.err());
    }

    /** --reference: no copy in the store, reads come from the file, a changed file is reported, never served. */
    @Test
    void addByReferenceReadsTheFileInPlace() throws Exception {
        byte[] data = random(2_000_000, 4);
        Path file = dir.resolve("big.bin");
        String hex = add(file, data, "--reference");
        Path shard = dir.resolve("home/store/blobs/" + hex.substring(0, 2));
        assertFalse(Files.exists(shard.resolve(hex + ".data")), "not copied");
        assertTrue(Files.exists(shard.resolve(hex + ".obao")));
        assertEquals(hex + "\t2000000\tcomplete\n", store("ls").out());
        Path out = dir.resolve("out.bin");
        assertEquals(0, store("get", hex, "-o", out.toString()).exitCode());
        assertArrayEquals(data, Files.readAllBytes(out));
        assertEquals(0, store("validate").exitCode());

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(1_500_000);
            f.write(0x55 ^ f.readByte());
        }
        CliRunner.Result get = store("get", hex, "-o", dir.resolve("x").toString());
        assertEquals(ExitStatus.CHECK_FAILED.code, get.exitCode());
        assertTrue(get.err().contains("big.bin that blob " + hex + " refers to"), get.err());
        assertFalse(Files.exists(dir.resolve("x")));
        CliRunner.Result v = store("validate");
        assertEquals(1, v.exitCode());
        assertTrue(v.out().startsWith("DAMAGED " + hex + " chunks {0..1954}"), v.out());
        assertEquals("", store("ls").out(), "the reference is dropped");
        assertEquals(data.length, Files.size(file), "the file itself is left alone");

        CliRunner.Result tree = store("add", "--reference", dir.toString());
        assertEquals(2, tree.exitCode());
        assertTrue(tree.err().contains("not a directory"), tree.err());
    }

    @Test
    void aBadHashIsAClearError() {
        CliRunner.Result r = store("get", "nothex", "-o", dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertEquals("objsync: not a hash: nothex\n", r.err());
    }
}
