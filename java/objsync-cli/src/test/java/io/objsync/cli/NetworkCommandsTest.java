package io.objsync.cli;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Replica;
import io.objsync.hash.Blake3;
import io.objsync.node.Cancellation;
import io.objsync.node.DocShareMode;
import io.objsync.node.DownloadFailedException;
import io.objsync.node.DownloadListener;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.store.BlobFormat;
import io.objsync.ticket.BlobTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** send, receive and the networked doc verbs, with the sender as a separate process where it matters. */
class NetworkCommandsTest {
    @TempDir
    Path dir;

    /** Over TLS, explicitly: a SIGKILLed TCP peer fails the download at once (QUIC would wait for its idle timeout). */
    @Test
    void receiverResumesAfterTheSenderIsKilledAndRestarted() throws Exception {
        byte[] data = payload(48 * 1024 * 1024, 42);
        Path file = dir.resolve("payload.bin");
        Files.write(file, data);
        Path senderHome = dir.resolve("sender");
        int port = freePort();
        Process sender = startSender(senderHome, file, port, "--transport", "tls");
        BlobTicket ticket;
        try {
            ticket = BlobTicket.parse(firstLine(sender));
            assertEquals(Blake3.hash(data), ticket.hash());
            Path receiverHome = dir.resolve("receiver");
            long[] seen = {0};
            try (Node receiver = Node.open(NodeConfig.tls(receiverHome))) {
                DownloadListener killAt8MiB = new DownloadListener() {
                    @Override
                    public void onBytes(long total) {
                        seen[0] = total;
                        if (total > 8 * 1024 * 1024 && sender.isAlive()) {
                            sender.destroyForcibly(); // SIGKILL: no shutdown hooks, stores left as a crash leaves them
                        }
                    }
                };
                assertThrows(DownloadFailedException.class, () -> receiver.download(ticket.hash(), BlobFormat.RAW,
                        List.of(ticket.node()), killAt8MiB, Cancellation.create()));
                assertFalse(receiver.blobs().has(ticket.hash()));
                assertTrue(seen[0] < data.length, "the sender died mid-transfer");
            }
            assertTrue(sender.waitFor(30, TimeUnit.SECONDS));

            Process again = startSender(senderHome, file, port, "--transport", "tls");
            try {
                assertEquals(ticket, BlobTicket.parse(firstLine(again)), "same key, port and hash after restart");
                Path out = dir.resolve("out.bin");
                CliRunner.Result r = CliRunner.run("--home", receiverHome.toString(), "receive", ticket.toString(),
                        "-o", out.toString(), "--transport", "tls");
                assertEquals(0, r.exitCode(), r.err());
                assertArrayEquals(data, Files.readAllBytes(out));
                Matcher m = Pattern.compile("\\((\\d+) bytes over the network\\)").matcher(r.err());
                assertTrue(m.find(), r.err());
                assertTrue(Long.parseLong(m.group(1)) < data.length - 4L * 1024 * 1024,
                        "resumed, not started over: " + m.group(1));
            } finally {
                again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            sender.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * send --reference serves the file from where it is: the receiver gets it whole, the sender has no copy. Both
     * ends on the default transport, QUIC.
     */
    @Test
    void sendByReferenceServesTheFileInPlace() throws Exception {
        Path file = dir.resolve("shared.bin");
        byte[] data = payload(3 * 1024 * 1024, 7);
        Files.write(file, data);
        Process sender = startSender(dir.resolve("ref-sender"), file, freeUdpPort(), "--reference");
        try {
            BlobTicket ticket = BlobTicket.parse(firstLine(sender));
            String hex = ticket.hash().toHex();
            assertFalse(Files.exists(dir.resolve("ref-sender/store/blobs/" + hex.substring(0, 2) + "/" + hex + ".data")),
                    "the sender did not copy the file");
            Path out = dir.resolve("ref-out.bin");
            CliRunner.Result r = CliRunner.run("--home", dir.resolve("ref-receiver").toString(), "receive",
                    ticket.toString(), "-o", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            assertArrayEquals(data, Files.readAllBytes(out));
        } finally {
            sender.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sendAndReceiveOverTlsWhenBothAskForIt() throws Exception {
        Path file = dir.resolve("tls.bin");
        byte[] data = payload(1024 * 1024 + 5, 11);
        Files.write(file, data);
        int port = freePort();
        Process sender = startSender(dir.resolve("tls-sender"), file, port, "--transport", "tls");
        try {
            BlobTicket ticket = BlobTicket.parse(firstLine(sender));
            assertEquals(port, ticket.node().directAddresses().get(0).getPort());
            Path out = dir.resolve("tls-out.bin");
            CliRunner.Result r = CliRunner.run("--home", dir.resolve("tls-receiver").toString(), "receive",
                    ticket.toString(), "-o", out.toString(), "--transport", "tls");
            assertEquals(0, r.exitCode(), r.err());
            assertArrayEquals(data, Files.readAllBytes(out));
        } finally {
            sender.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] payload(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process startSender(Path home, Path file, int port, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--home", home.toString(), "send", file.toString(), "--no-qr", "--port", Integer.toString(port)));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = r.readLine();
        if (line == null) {
            throw new IOException("the sender exited with " + p.onExit().join().exitValue() + " before its ticket");
        }
        return line.trim();
    }

    @Test
    void docJoinSyncsEntriesAndValuesAndReadTicketsRefuseWrites() throws Exception {
        Path home = dir.resolve("joiner");
        try (Node owner = Node.open(NodeConfig.quic(dir.resolve("owner")))) { // the CLI's default transport
            Replica doc = owner.createDoc();
            AuthorSecret author = AuthorSecret.generate();
            owner.insert(doc, author, "greeting".getBytes(StandardCharsets.UTF_8),
                    "hello".getBytes(StandardCharsets.UTF_8));
            String ticket = owner.shareDoc(doc.id(), DocShareMode.READ).toString();

            CliRunner.Result join = CliRunner.run("--home", home.toString(), "doc", "join", ticket);
            assertEquals(0, join.exitCode(), join.err());
            assertTrue(join.out().contains("read-only"), join.out());
            CliRunner.Result get = CliRunner.run("--home", home.toString(), "doc", "get", "greeting");
            assertEquals(0, get.exitCode(), get.err());
            assertEquals("hello", get.out().trim());
            CliRunner.Result set = CliRunner.run("--home", home.toString(), "doc", "set", "x", "y");
            assertEquals(2, set.exitCode());

            owner.insert(doc, author, "later".getBytes(StandardCharsets.UTF_8), "news".getBytes(StandardCharsets.UTF_8));
            CliRunner.Result sync = CliRunner.run("--home", home.toString(), "doc", "sync");
            assertEquals(0, sync.exitCode(), sync.err());
            assertTrue(sync.out().contains("1 new entries, 1 contents fetched"), sync.out());
            assertEquals("news", CliRunner.run("--home", home.toString(), "doc", "get", "later").out().trim());
        }
    }
}
