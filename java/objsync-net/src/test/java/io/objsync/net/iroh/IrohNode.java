package io.objsync.net.iroh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real iroh 0.35 node (npm {@code @number0/iroh}, run by {@code ci/iroh-node/driver.js}) for interop tests.
 * Each method is one driver command; failures are {@link IrohException}s carrying the node's message and the
 * tail of its log.
 *
 * <p>iroh 0.35 cannot be kept off its relays and DNS, so {@link #start} refuses unless this process runs in a
 * network namespace whose only interface is loopback (as {@code ci/iroh-interop.sh} arranges with
 * {@code unshare -n}); the driver checks again. The tests using it carry {@code @Tag("iroh")}, which the
 * normal build excludes.
 *
 * <p>Where the node comes from: {@code node} on the PATH, the driver found by walking up from the working
 * directory to the repository, and the npm install of {@code ci/iroh-node.sh} in {@code $OBJSYNC_IROH_NODE}
 * (else {@code $OBJSYNC_DEPS/iroh-node}, else {@code <repo>/.deps/iroh-node}).
 */
public final class IrohNode implements AutoCloseable {

    /** Where the node keeps blobs and documents. */
    public enum Store {
        /** In memory. */
        MEMORY,
        /** iroh's file store in a directory. */
        DISK
    }

    /** A blob or collection the node added: its hash and the ticket it gives out for it. */
    public record Added(Hash hash, String ticket) {
    }

    /** A finished download: the bytes read from the network and the driver's wall-clock time. */
    public record Downloaded(Hash hash, long bytesRead, Duration elapsed) {
    }

    /** A document entry as iroh reports it. */
    public record Entry(byte[] author, byte[] key, Hash hash, long len, long timestampMicros) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path log;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final NodeId nodeId;
    private final List<InetSocketAddress> addrs;
    private long nextId = 1;
    private boolean closed;

    private IrohNode(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::pump, "iroh-node-stdout");
        reader.setDaemon(true);
        reader.start();
        JsonNode ready = next(START_TIMEOUT, "start");
        if (!ready.path("ready").asBoolean()) {
            throw failure("unexpected first line " + ready, null);
        }
        this.nodeId = NodeId.parse(ready.get("nodeId").asText());
        this.addrs = socketAddrs(ready.get("addrs"));
    }

    /** Starts a node with a memory store. */
    public static IrohNode start() {
        return start(Store.MEMORY, null);
    }

    /**
     * Starts a node.
     *
     * @param dir the store's directory for {@link Store#DISK}, ignored for memory
     * @throws IllegalStateException when this process can reach more than loopback, or the node is not
     *                               installed
     */
    public static IrohNode start(Store store, Path dir) {
        requireLoopbackOnly();
        Path root = repositoryRoot();
        Path modules = installDir(root).resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@number0/iroh"))) {
            throw new IllegalStateException("iroh 0.35 is not installed at " + modules + ": run ci/iroh-node.sh");
        }
        List<String> command = new ArrayList<>(List.of("node", "--no-deprecation",
                root.resolve("ci/iroh-node/driver.js").toString(), "--store", store == Store.DISK ? "disk" : "memory"));
        if (store == Store.DISK) {
            command.add("--path");
            command.add(dir.toAbsolutePath().toString());
        }
        try {
            Path log = Files.createTempFile("iroh-node-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("NODE_PATH", modules.toString());
            return new IrohNode(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the iroh node (" + command + ")", e);
        }
    }

    /**
     * Throws unless every network interface of this process's namespace is {@code lo}. {@code /proc/net/dev}
     * lists the reader's namespace ({@code /sys/class/net} shows the one sysfs was mounted in).
     */
    public static void requireLoopbackOnly() {
        List<String> names = new ArrayList<>();
        try {
            List<String> dev = Files.readAllLines(Path.of("/proc/self/net/dev"));
            for (String line : dev.subList(Math.min(2, dev.size()), dev.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    names.add(line.substring(0, colon).trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list network interfaces; refusing to start iroh", e);
        }
        if (!names.equals(List.of("lo"))) {
            throw new IllegalStateException("refusing to start iroh 0.35 (it contacts relays it cannot be kept from)"
                    + " in a network namespace with interfaces " + names + ": run the tests through"
                    + " ci/iroh-interop.sh, which runs them in a loopback-only namespace");
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ci/iroh-node/driver.js"))) {
                return p;
            }
        }
        throw new IllegalStateException("ci/iroh-node/driver.js not found above " + Path.of("").toAbsolutePath());
    }

    private static Path installDir(Path root) {
        String dir = System.getenv("OBJSYNC_IROH_NODE");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        String deps = System.getenv("OBJSYNC_DEPS");
        return (deps != null && !deps.isEmpty() ? Path.of(deps) : root.resolve(".deps")).resolve("iroh-node");
    }

    /** The node's id. */
    public NodeId nodeId() {
        return nodeId;
    }

    /** The node's UDP addresses (loopback, IPv4 and IPv6). */
    public List<InetSocketAddress> addrs() {
        return addrs;
    }

    /** The node's id and UDP addresses, without the relay URL iroh also reports. */
    public NodeAddr addr() {
        return NodeAddr.of(nodeId, null, addrs);
    }

    /** iroh's own view of its address: {@code nodeAddr()}, including the relay it would use. */
    public JsonNode info() {
        return call(command("info"));
    }

    /**
     * Registers a peer's address ({@code net.addNodeAddr}). iroh 0.35 drops QUIC datagrams from UDP sources
     * it has no node state for, so a peer that dials it must be registered first.
     */
    public void addPeer(NodeAddr peer) {
        call(addr(command("addPeer"), peer));
    }

    /** Adds a blob ({@code blobs.addBytes}) and shares it ({@code blobs.share}, direct addresses only). */
    public Added addBytes(byte[] data) {
        return added(call(command("addBytes").put("data", b64(data))));
    }

    /** Adds a file's content as a blob ({@code blobs.addFromPath}, copied into the store). */
    public Added addFile(Path file) {
        return added(call(command("addFile").put("path", file.toAbsolutePath().toString()), Duration.ofMinutes(10)));
    }

    /** Creates a collection of existing blobs ({@code blobs.createCollection}); its ticket is a hash-seq one. */
    public Added collection(Map<String, Hash> entries) {
        ObjectNode c = command("collection");
        ArrayNode list = c.putArray("entries");
        entries.forEach((name, hash) -> list.addObject().put("name", name).put("hash", hash.toBase32()));
        return added(call(c));
    }

    /** Downloads what a blob ticket names ({@code blobs.download}), waiting until it is complete. */
    public Downloaded download(String ticket) {
        return download(ticket, COMMAND_TIMEOUT);
    }

    /** Downloads what a blob ticket names, waiting at most {@code timeout}. */
    public Downloaded download(String ticket, Duration timeout) {
        JsonNode r = call(command("download").put("ticket", ticket), timeout);
        return new Downloaded(hash(r.get("hash").asText()), r.get("bytesRead").asLong(),
                Duration.ofNanos(r.get("nanos").asLong()));
    }

    /** {@code blobs.status}: {@code NotFound}, {@code Partial} or {@code Complete}. */
    public String status(Hash hash) {
        return call(command("has").put("hash", hash.toBase32())).get("status").get("type").asText();
    }

    /** A complete blob's bytes ({@code blobs.readToBytes}; small blobs only). */
    public byte[] read(Hash hash) {
        return unb64(call(command("read").put("hash", hash.toBase32())).get("data").asText());
    }

    /** Creates a document ({@code docs.create}); returns its namespace id (hex). */
    public String docCreate() {
        return call(command("docCreate")).get("doc").asText();
    }

    /** The node's default author ({@code authors.default}), hex. */
    public String defaultAuthor() {
        return call(command("author")).get("author").asText();
    }

    /**
     * The secret key of the node's default author ({@code authors.export}), so a test can re-sign an entry iroh
     * wrote and compare the signatures it received byte for byte.
     */
    public byte[] defaultAuthorSecret() {
        String s = call(command("authorExport")).get("secret").asText();
        return s.length() == 64 ? HEX.parseHex(s) : Hash.fromBase32(s).toBytes();
    }

    /** Sets an entry with the node's default author ({@code doc.setBytes}); returns the content hash. */
    public Hash docSet(String doc, byte[] key, byte[] value) {
        return hash(call(command("docSet").put("doc", doc).put("key", b64(key)).put("value", b64(value)))
                .get("hash").asText());
    }

    /** Sets {@code count} entries {@code keyPrefix+i -> valuePrefix+i} (UTF-8) with the default author. */
    public void docFill(String doc, int count, String keyPrefix, String valuePrefix) {
        call(command("docFill").put("doc", doc).put("count", count).put("keyPrefix", keyPrefix)
                .put("valuePrefix", valuePrefix), Duration.ofMinutes(30));
    }

    /** Every entry of a document ({@code doc.getMany(Query.all())}). */
    public List<Entry> docEntries(String doc) {
        JsonNode r = call(command("docEntries").put("doc", doc), Duration.ofMinutes(5));
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : r.get("entries")) {
            entries.add(new Entry(HEX.parseHex(e.get("author").asText()), unb64(e.get("key").asText()),
                    hash(e.get("hash").asText()), e.get("len").asLong(), e.get("timestamp").asLong()));
        }
        return entries;
    }

    /** The content of an entry ({@code doc.getExact}, then {@code blobs.readToBytes}). */
    public byte[] docContent(String doc, byte[] author, byte[] key) {
        return unb64(call(command("docContent").put("doc", doc).put("author", HEX.formatHex(author))
                .put("key", b64(key))).get("data").asText());
    }

    /**
     * Waits until iroh holds the content of an entry complete (it downloads content in the background after a
     * sync) and returns it; fails after {@code timeout}.
     */
    public byte[] docAwaitContent(String doc, byte[] author, byte[] key, Duration timeout) {
        return unb64(call(command("docAwaitContent").put("doc", doc).put("author", HEX.formatHex(author))
                .put("key", b64(key)).put("timeoutMs", timeout.toMillis()), timeout.plusSeconds(10))
                .get("data").asText());
    }

    /** A read or write ticket for a document ({@code doc.share}, direct addresses only). */
    public String docShare(String doc, boolean write) {
        return call(command("docShare").put("doc", doc).put("mode", write ? "write" : "read")).get("ticket").asText();
    }

    /**
     * Joins a document by ticket ({@code docs.joinAndSubscribe}) and waits until the first sync and its content
     * downloads finished; returns the document id.
     *
     * @throws IrohException when iroh refuses the ticket or the sync fails
     */
    public String docJoin(String ticket) {
        return docJoin(ticket, COMMAND_TIMEOUT);
    }

    /** {@link #docJoin(String)}, waiting at most {@code timeout} (large documents). */
    public String docJoin(String ticket, Duration timeout) {
        JsonNode r = call(command("docJoin").put("ticket", ticket).put("timeoutMs", timeout.toMillis()),
                timeout.plusSeconds(10));
        requireSyncOk(r.get("sync"));
        return r.get("doc").asText();
    }

    /**
     * Syncs an open document with one peer ({@code doc.startSync}) and waits until that sync and its content
     * downloads finished; returns the time the driver measured.
     */
    public Duration docSync(String doc, NodeAddr peer) {
        ObjectNode c = command("docSync").put("doc", doc);
        addr(c.putObject("peer"), peer);
        JsonNode r = call(c, Duration.ofMinutes(5));
        requireSyncOk(r.get("sync"));
        return Duration.ofNanos(r.get("nanos").asLong());
    }

    private void requireSyncOk(JsonNode sync) {
        if (!sync.path("result").isNull() && !sync.path("result").isMissingNode()) {
            throw failure("sync with " + sync.get("peer").asText() + " failed: " + sync.get("result").asText(), null);
        }
    }

    /** Shuts the node down ({@code node.shutdown}) and waits for the process; kills it if it hangs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                send(command("shutdown"));
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    private static ObjectNode addr(ObjectNode node, NodeAddr peer) {
        node.put("nodeId", peer.nodeId().toString());
        ArrayNode list = node.putArray("addrs");
        for (InetSocketAddress a : peer.directAddresses()) {
            String host = a.getAddress().getHostAddress();
            list.add((host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
        }
        return node;
    }

    private Added added(JsonNode r) {
        return new Added(hash(r.get("hash").asText()), r.get("ticket").asText());
    }

    private JsonNode call(ObjectNode c) {
        return call(c, COMMAND_TIMEOUT);
    }

    private synchronized JsonNode call(ObjectNode c, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("iroh node closed");
        }
        long id = nextId++;
        c.put("id", id);
        try {
            send(c);
        } catch (IOException e) {
            throw failure("cannot send " + c.get("cmd").asText(), e);
        }
        JsonNode r = next(timeout, c.get("cmd").asText());
        if (r.path("id").asLong(-1) != id) {
            throw failure("answer " + r + " does not belong to command " + id, null);
        }
        if (!r.path("ok").asBoolean()) {
            throw failure(c.get("cmd").asText() + ": " + r.path("error").asText(), null);
        }
        return r;
    }

    private void send(ObjectNode c) throws IOException {
        stdin.write((JSON.writeValueAsString(c) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private JsonNode next(Duration timeout, String what) {
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted waiting for " + what, e);
        }
        if (line == null) {
            throw failure("no answer to " + what + " within " + timeout, null);
        }
        if (line.equals(EOF)) {
            throw failure("the node exited during " + what, null);
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw failure("not JSON from the node: " + line, e);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process went away; the EOF marker below says so
        }
        lines.add(EOF);
    }

    private IrohException failure(String message, Throwable cause) {
        String tail = "";
        try {
            String text = Files.readString(log);
            tail = text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException ignored) {
            // no log to show
        }
        return new IrohException("iroh node " + (nodeId == null ? "" : nodeId + " ") + message
                + (tail.isEmpty() ? "" : "\n--- node log (tail) ---\n" + tail), cause);
    }

    private static Hash hash(String s) {
        return s.length() == 64 ? Hash.fromHex(s) : Hash.fromBase32(s);
    }

    private static List<InetSocketAddress> socketAddrs(JsonNode list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (JsonNode a : list) {
            String s = a.asText();
            int colon = s.lastIndexOf(':');
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1))));
            } catch (IOException e) {
                throw new UncheckedIOException("bad address from iroh: " + s, e);
            }
        }
        return List.copyOf(out);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }

    /** A command the iroh node refused or could not answer. */
    public static final class IrohException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IrohException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
