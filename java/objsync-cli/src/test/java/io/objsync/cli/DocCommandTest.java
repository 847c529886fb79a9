package io.objsync.cli;

import io.objsync.ticket.DocTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** doc new, set, get, ls, del end to end on a home directory. */
class DocCommandTest {
    @TempDir
    Path home;

    CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRunner.run(all);
    }

    @Test
    void newSetGetLsDel() throws Exception {
        CliRunner.Result made = run("doc", "new");
        assertEquals(0, made.exitCode(), made.err());
        String id = made.out().trim();
        assertEquals(64, id.length());
        Path key = home.resolve("author.key");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));

        CliRunner.Result first = run("doc", "set", "notes/a", "alpha");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(0, run("doc", "set", "notes/b", "beta").exitCode());
        assertEquals(0, run("doc", "set", "other", "gamma").exitCode());
        assertEquals(0, run("doc", "set", "notes/a", "alpha2").exitCode());
        assertEquals("alpha2\n", run("doc", "get", "notes/a").out());

        Path bin = home.resolve("value.bin");
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        Files.write(bin, bytes);
        assertEquals(0, run("doc", "--doc", id, "set", "bin", "--file", bin.toString()).exitCode());
        Path back = home.resolve("back.bin");
        assertEquals(0, run("doc", "get", "bin", "-o", back.toString()).exitCode());
        assertArrayEquals(bytes, Files.readAllBytes(back));

        String ls = run("doc", "ls", "notes/").out();
        assertEquals(2, ls.lines().count(), ls);
        assertTrue(ls.startsWith("notes/a\t6\t"), ls);
        assertEquals("2\n", run("doc", "del", "notes/").out());
        assertEquals(1, run("doc", "get", "notes/a").exitCode());
        assertEquals(2, run("doc", "ls").out().lines().count());
        String authorBefore = Files.readString(key);
        run("doc", "set", "again", "x");
        assertEquals(authorBefore, Files.readString(key), "the author key is kept");
    }

    @Test
    void shareWritesTheCurrentTicketLayoutOrIroh035sOnRequest() {
        assertEquals(0, run("doc", "new").exitCode());
        CliRunner.Result current = run("doc", "share", "--read", "--no-wait");
        CliRunner.Result legacy = run("doc", "share", "--read", "--no-wait", "--legacy-ticket");
        assertEquals(0, current.exitCode(), current.err());
        assertEquals(0, legacy.exitCode(), legacy.err());
        DocTicket t = DocTicket.parse(current.out().lines().findFirst().orElseThrow());
        String legacyText = legacy.out().lines().findFirst().orElseThrow();
        assertEquals(t.toString(), t.toString(DocTicket.AddrLayout.ENDPOINT_ADDR));
        assertEquals(t.capability(), DocTicket.parse(legacyText).capability());
        assertEquals(t.toString(DocTicket.AddrLayout.NODE_ADDR).length(), legacyText.length());
        assertTrue(!legacyText.equals(DocTicket.parse(legacyText).toString()), legacyText);
        assertEquals(legacyText, DocTicket.parse(legacyText).toString(DocTicket.AddrLayout.NODE_ADDR));
    }

    @Test
    void errorsAreOneLine() {
        CliRunner.Result r = run("doc", "get", "k");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("objsync: no document yet"), r.err());
        run("doc", "new");
        CliRunner.Result empty = run("doc", "set", "k", "");
        assertEquals(2, empty.exitCode());
    }
}
