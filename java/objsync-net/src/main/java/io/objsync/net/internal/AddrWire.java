package io.objsync.net.internal;

import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The postcard layouts of node addresses in the reference's tickets. Two layouts exist:
 * <ul>
 *   <li>legacy (iroh-blobs' {@code Variant0NodeAddr}, used by blob tickets; iroh 0.35's {@code NodeAddr}, used by
 *       iroh-docs 0.35's doc tickets): node id (32 raw bytes), {@code Option<RelayUrl>} (a string),
 *       {@code BTreeSet<SocketAddr>};</li>
 *   <li>{@code EndpointAddr} (iroh 0.97, used by doc tickets): node id, then {@code BTreeSet<TransportAddr>}
 *       with {@code Relay(url) = 0} and {@code Ip(SocketAddr) = 1}.</li>
 * </ul>
 * A {@code SocketAddr} is serde's compact form: variant {@code V4 = 0} with 4 address bytes or {@code V6 = 1}
 * with 16, then the port as a varint {@code u16} (IPv6 flow info and scope are not carried).
 */
public final class AddrWire {

    /** {@code TransportAddr} variants this implementation knows. */
    public static final int TRANSPORT_ADDR_VARIANTS = 2;

    private AddrWire() {
    }

    /** Writes the legacy layout. */
    public static void writeLegacy(PostcardWriter w, NodeAddr addr) {
        w.fixed(addr.nodeId().toBytes());
        String relay = addr.relayUrl().orElse(null);
        w.bool(relay != null);
        if (relay != null) {
            w.string(relay);
        }
        w.varint(addr.directAddresses().size());
        for (InetSocketAddress a : addr.directAddresses()) {
            writeSocketAddr(w, a);
        }
    }

    /** Reads the legacy layout. */
    public static NodeAddr readLegacy(PostcardReader r) {
        NodeId id = NodeId.of(r.fixed(NodeId.LENGTH));
        String relay = r.optionPresent() ? r.string() : null;
        int n = r.length(4);
        List<InetSocketAddress> direct = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            direct.add(readSocketAddr(r));
        }
        return NodeAddr.of(id, relay, direct);
    }

    /** Writes the {@code EndpointAddr} layout: the relay first, as its variant sorts first. */
    public static void writeEndpointAddr(PostcardWriter w, NodeAddr addr) {
        w.fixed(addr.nodeId().toBytes());
        String relay = addr.relayUrl().orElse(null);
        w.varint(addr.directAddresses().size() + (relay == null ? 0 : 1));
        if (relay != null) {
            w.varint(0).string(relay);
        }
        for (InetSocketAddress a : addr.directAddresses()) {
            w.varint(1);
            writeSocketAddr(w, a);
        }
    }

    /**
     * Reads the {@code EndpointAddr} layout. Of several relay URLs only the first is kept: a
     * {@link NodeAddr} holds one.
     *
     * @throws UnknownVariantException for a transport address kind other than relay or IP
     */
    public static NodeAddr readEndpointAddr(PostcardReader r) {
        NodeId id = NodeId.of(r.fixed(NodeId.LENGTH));
        int n = r.length(2);
        String relay = null;
        List<InetSocketAddress> direct = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long kind = r.u32();
            if (kind == 0) {
                String url = r.string();
                relay = relay == null ? url : relay;
            } else if (kind == 1) {
                direct.add(readSocketAddr(r));
            } else {
                throw new UnknownVariantException("transport address kind " + kind + " (known: 0 relay, 1 ip)");
            }
        }
        return NodeAddr.of(id, relay, direct);
    }

    static void writeSocketAddr(PostcardWriter w, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        w.varint(a.getAddress() instanceof Inet4Address ? 0 : 1).fixed(ip).varint(a.getPort());
    }

    static InetSocketAddress readSocketAddr(PostcardReader r) {
        long kind = r.u32();
        if (kind > 1) {
            throw new UnknownVariantException("socket address kind " + kind + " (known: 0 IPv4, 1 IPv6)");
        }
        byte[] ip = r.fixed(kind == 0 ? 4 : 16);
        int port = r.u16();
        try {
            // Inet6Address keeps an IPv4-mapped address as IPv6, so it encodes back to the same bytes.
            InetAddress address = kind == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, -1);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new AssertionError("fixed-length address rejected", e);
        }
    }

    /** An enum variant this implementation does not know. */
    public static final class UnknownVariantException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** Names the variant and the known ones. */
        public UnknownVariantException(String message) {
            super("unknown " + message);
        }
    }
}
