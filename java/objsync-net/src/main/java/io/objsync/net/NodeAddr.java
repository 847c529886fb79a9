package io.objsync.net;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How to reach a node: its {@link NodeId}, an optional relay URL and the direct socket addresses it may listen
 * on (iroh's {@code EndpointAddr}). Immutable. Direct addresses are kept sorted and without duplicates, in
 * the order the reference's {@code BTreeSet<SocketAddr>} holds them (IPv4 before IPv6, then by address bytes,
 * then port), so equal addresses encode to equal bytes.
 */
public final class NodeAddr {

    /** The reference's order of socket addresses. */
    static final Comparator<InetSocketAddress> SOCKET_ORDER = Comparator
            .comparingInt((InetSocketAddress a) -> a.getAddress() instanceof Inet4Address ? 0 : 1)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.getAddress().getAddress(), b.getAddress().getAddress()))
            .thenComparingInt(InetSocketAddress::getPort);

    private final NodeId nodeId;
    private final String relayUrl;
    private final List<InetSocketAddress> directAddresses;

    private NodeAddr(NodeId nodeId, String relayUrl, List<InetSocketAddress> directAddresses) {
        this.nodeId = nodeId;
        this.relayUrl = relayUrl;
        this.directAddresses = directAddresses;
    }

    /** A node known by id only. */
    public static NodeAddr of(NodeId nodeId) {
        return of(nodeId, null, List.of());
    }

    /** A node with direct addresses and no relay. */
    public static NodeAddr of(NodeId nodeId, InetSocketAddress... directAddresses) {
        return of(nodeId, null, Arrays.asList(directAddresses));
    }

    /**
     * A node with an optional relay URL and direct addresses.
     *
     * @param relayUrl        an absolute URL, or null for none
     * @param directAddresses resolved socket addresses (no host names)
     * @throws IllegalArgumentException when the URL is not absolute or an address is unresolved
     */
    public static NodeAddr of(NodeId nodeId, String relayUrl, Collection<InetSocketAddress> directAddresses) {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(directAddresses, "directAddresses");
        if (relayUrl != null) {
            checkRelayUrl(relayUrl);
        }
        TreeSet<InetSocketAddress> sorted = new TreeSet<>(SOCKET_ORDER);
        for (InetSocketAddress a : directAddresses) {
            Objects.requireNonNull(a, "direct address");
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("direct address " + a + " is not resolved to an IP address");
            }
            sorted.add(new InetSocketAddress(a.getAddress(), a.getPort()));
        }
        return new NodeAddr(nodeId, relayUrl, List.copyOf(new ArrayList<>(sorted)));
    }

    private static void checkRelayUrl(String url) {
        try {
            if (!new URI(url).isAbsolute()) {
                throw new IllegalArgumentException("relay URL is not absolute: " + url);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("relay URL is not a URL: " + e.getMessage(), e);
        }
    }

    /** The node's id. */
    public NodeId nodeId() {
        return nodeId;
    }

    /** The node's home relay, if known. */
    public Optional<String> relayUrl() {
        return Optional.ofNullable(relayUrl);
    }

    /** The direct addresses, sorted; empty when none are known. */
    public List<InetSocketAddress> directAddresses() {
        return directAddresses;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NodeAddr)) {
            return false;
        }
        NodeAddr a = (NodeAddr) o;
        return nodeId.equals(a.nodeId) && Objects.equals(relayUrl, a.relayUrl)
                && directAddresses.equals(a.directAddresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, relayUrl, directAddresses);
    }

    @Override
    public String toString() {
        return "NodeAddr(" + nodeId + (relayUrl == null ? "" : ", relay " + relayUrl)
                + (directAddresses.isEmpty() ? "" : ", " + directAddresses) + ")";
    }
}
