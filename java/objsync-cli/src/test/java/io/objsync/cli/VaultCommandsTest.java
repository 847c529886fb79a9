package io.objsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Replica;
import io.objsync.node.DocShareMode;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultCommandsTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) { // QUIC: the CLI's default
            return s.getLocalPort();
        }
    }

    @Test
    void identityAndVaultVerbsFromKeyringToApp() throws Exception {
        Path keyring = dir.resolve("keyring-home");
        Path app = dir.resolve("app-home");
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 42);
        Path secretFile = Files.write(dir.resolve("secret"), secret);

        CliRunner.Result id = CliRunner.run("--home", keyring.toString(), "identity", "import", secretFile.toString());
        assertEquals(0, id.exitCode(), id.err());
        assertEquals(64, id.out().trim().length());
        CliRunner.Result again = CliRunner.run("--home", keyring.toString(), "identity", "new");
        assertNotEquals(0, again.exitCode(), "a second identity is refused");
        // The vault id of this secret, computed independently (see VaultDerivationTest).
        CliRunner.Result info = CliRunner.run("--home", keyring.toString(), "vault", "info");
        assertEquals("4277857b1c8829f0f215e7ad49d72f51cd20aefa33df356db5fbbe2f33541fc8", info.out().trim());

        int port = freePort();
        try (Node owner = Node.open(NodeConfig.quic(dir.resolve("owner-home")))) {
            Replica project = owner.createDoc();
            owner.insert(project, AuthorSecret.generate(), "plan".getBytes(StandardCharsets.UTF_8),
                    "step one".getBytes(StandardCharsets.UTF_8));
            String projectTicket = owner.shareDoc(project.id(), DocShareMode.READ).toString();
            CliRunner.Result add = CliRunner.run("--home", keyring.toString(), "vault", "add-project", "Alpha",
                    projectTicket);
            assertEquals(0, add.exitCode(), add.err());
            assertEquals(32, add.out().trim().length(), add.out());
        }

        CliRunner.Result share = CliRunner.run("--home", keyring.toString(), "vault", "share", "--no-wait",
                "--port", Integer.toString(port));
        assertEquals(0, share.exitCode(), share.err());
        String[] lines = share.out().trim().split("\n");
        assertTrue(lines[0].startsWith("doc"), share.out());
        String key = lines[1].substring("key ".length());

        // The keyring's node serves the vault (and its copy of the project) where the ticket says.
        try (Node host = Node.open(NodeConfig.quic(keyring).withListen(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))) {
            CliRunner.Result projects = CliRunner.run("--home", app.toString(), "vault", "projects", lines[0],
                    "--key", key);
            assertEquals(0, projects.exitCode(), projects.err());
            String[] cols = projects.out().trim().split("\t");
            assertEquals("Alpha", cols[1], projects.out());
            assertEquals("1", cols[3], "the project's entry synced");

            String wrongKey = "00".repeat(32);
            CliRunner.Result wrong = CliRunner.run("--home", dir.resolve("app2").toString(), "vault", "projects",
                    lines[0], "--key", wrongKey);
            assertNotEquals(0, wrong.exitCode());
            assertTrue(wrong.err().contains("catalog"), wrong.err());
            assertEquals("", wrong.out());
        }
    }
}
