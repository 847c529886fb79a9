package io.objsync.node;

import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.Endpoint;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.node.internal.StoreBlobProvider;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.BlobRequest;
import io.objsync.protocol.BlobUnavailableException;
import io.objsync.protocol.GetManyRequest;
import io.objsync.store.BlobStore;
import io.objsync.store.TempPin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider without GetMany, as iroh 0.35 is (it answers one with an empty response; checked on the wire by
 * {@code IrohQuicInteropTest.irohAnswersGetManyWithNothing}): the fetch falls back to one Get per blob,
 * remembers the provider, and asks it by Get only from then on. No iroh needed.
 */
class GetManyFallbackTest {
    @TempDir
    Path dir;

    private final MemoryNetwork net = MemoryNetwork.create();
    /** The kind of each request the provider received, in order: "many" or "get". */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A provider of {@code store}'s blobs; {@code hasGetMany} false: GetMany gets an empty response. */
    private Endpoint provider(BlobStore store, boolean hasGetMany) {
        StoreBlobProvider serve = new StoreBlobProvider(store, Duration.ofSeconds(30));
        Endpoint e = net.bind(NodeKey.generate(), Map.of(Alpn.BLOBS, s -> {
            BlobRequest r = BlobProtocol.readRequest(s.input());
            requests.add(r instanceof GetManyRequest ? "many" : "get");
            if (r instanceof GetManyRequest && !hasGetMany) {
                s.finishOutput();
                return;
            }
            serve.handle(new Replayed(s, r.encode()));
        }));
        open.add(e::close);
        return e;
    }

    private BlobStore store(String name) throws IOException {
        BlobStore s = BlobStore.open(dir.resolve(name));
        open.add(s);
        return s;
    }

    private static List<Hash> add(BlobStore s, int count) throws IOException {
        List<Hash> out = new ArrayList<>();
        Random random = new Random(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[20_000 + i];
            random.nextBytes(data);
            try (TempPin p = s.add(data)) {
                s.setTag("t" + i, p.hash(), io.objsync.store.BlobFormat.RAW);
                out.add(p.hash());
            }
        }
        return out;
    }

    private static BlobFetch.Transfer transfer() {
        return new BlobFetch.Transfer(DownloadListener.NONE, Cancellation.create());
    }

    @Test
    void aProviderWithoutGetManyIsAskedBlobByBlobAndRemembered() throws Exception {
        BlobStore theirs = store("theirs");
        List<Hash> hashes = add(theirs, 3);
        Endpoint provider = provider(theirs, false);
        BlobStore ours = store("ours");
        Endpoint us = net.bind(NodeKey.generate(), Map.of());
        open.add(us::close);
        BlobFetch fetch = new BlobFetch(us, ours);

        fetch.many(provider.addr(), hashes.subList(0, 2), transfer());
        assertTrue(ours.has(hashes.get(0)) && ours.has(hashes.get(1)));
        assertEquals(List.of("many", "get", "get"), requests);
        assertTrue(fetch.getOnly(provider.nodeId()));

        requests.clear();
        fetch.many(provider.addr(), hashes, transfer()); // only the third is missing: one Get, no GetMany
        assertTrue(ours.has(hashes.get(2)));
        assertEquals(List.of("get"), requests);
    }

    @Test
    void aProviderWithGetManyThatLacksTheBlobIsNotMarked() throws Exception {
        BlobStore theirs = store("theirs");
        Endpoint provider = provider(theirs, true);
        Endpoint us = net.bind(NodeKey.generate(), Map.of());
        open.add(us::close);
        BlobFetch fetch = new BlobFetch(us, store("ours"));
        Hash absent = io.objsync.hash.Blake3.hash(new byte[] {1});

        assertThrows(BlobUnavailableException.class, () -> fetch.many(provider.addr(), List.of(absent), transfer()));
        assertEquals(List.of("many", "get"), requests); // the Get found nothing either: the provider lacks it
        assertFalse(fetch.getOnly(provider.nodeId()));
    }

    @Test
    void theRememberedProvidersAreBounded() throws Exception {
        Endpoint us = net.bind(NodeKey.generate(), Map.of());
        open.add(us::close);
        BlobFetch fetch = new BlobFetch(us, store("ours"));
        BlobStore theirs = store("theirs");
        List<Hash> one = add(theirs, 1);
        Endpoint first = provider(theirs, false);
        fetch.many(first.addr(), one, transfer());
        assertTrue(fetch.getOnly(first.nodeId()));
        // as many other providers found lacking GetMany after it: the first one is forgotten
        for (int i = 0; i < BlobFetch.GET_ONLY_PROVIDERS; i++) {
            fetch.rememberGetOnly(NodeKey.generate().nodeId());
        }
        assertFalse(fetch.getOnly(first.nodeId()), "the least recently used provider is forgotten");
        assertEquals(BlobFetch.GET_ONLY_PROVIDERS, fetch.getOnlyCount());
    }

    /** The stream with its request already read: the provider reads {@code request} again. */
    private static final class Replayed extends ForwardingPeerStream {
        private final byte[] request;

        Replayed(PeerStream s, byte[] request) {
            super(s);
            this.request = request;
        }

        @Override
        public InputStream input() {
            return new ByteArrayInputStream(request);
        }
    }
}
