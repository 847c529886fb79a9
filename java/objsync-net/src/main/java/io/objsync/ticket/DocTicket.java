package io.objsync.ticket;

import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.internal.AddrWire;
import io.objsync.ticket.TicketFormatException.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ticket to join a document (iroh-docs' {@code DocTicket}): a {@link DocCapability} and the nodes to sync
 * with (at least one). Immutable. A write ticket carries the namespace secret: treat its string as a secret.
 *
 * <p>Bytes: {@code 00} (variant 0), the capability ({@code 00} Write then the secret as a byte string,
 * {@code 20} + 32 bytes; or {@code 01} Read then the 32-byte id), the number of nodes, each node address in
 * one of two {@linkplain AddrLayout layouts}: iroh-docs 0.97's {@code EndpointAddr} (written by default) or
 * iroh 0.35's {@code NodeAddr}. Each release reads only its own, so {@link #parse} accepts both and
 * {@link #toString(AddrLayout)} writes the one an older peer needs. Equality ignores the layout.
 */
public final class DocTicket implements Ticket {

    /** The kind prefix. */
    public static final String KIND = "doc";

    /** How a doc ticket writes each node's address. */
    public enum AddrLayout {
        /**
         * iroh-docs 0.97 (iroh 0.97 / 1.x): {@code EndpointAddr} = node id, then a set of transport addresses,
         * each a variant ({@code 0} relay URL, {@code 1} IP socket address). The default.
         */
        ENDPOINT_ADDR,
        /**
         * iroh-docs 0.35 (iroh 0.35): {@code NodeAddr} = node id, an optional relay URL, then the set of socket
         * addresses; the layout blob tickets use in every release. For handing a ticket to an iroh 0.35 node.
         */
        NODE_ADDR
    }

    private final DocCapability capability;
    private final List<NodeAddr> nodes;

    private DocTicket(DocCapability capability, List<NodeAddr> nodes) {
        this.capability = capability;
        this.nodes = nodes;
    }

    /**
     * A ticket granting {@code capability}, naming the nodes to sync with.
     *
     * @throws IllegalArgumentException when {@code nodes} is empty
     */
    public static DocTicket of(DocCapability capability, List<NodeAddr> nodes) {
        Objects.requireNonNull(capability, "capability");
        List<NodeAddr> copy = List.copyOf(nodes);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a doc ticket names at least one node");
        }
        return new DocTicket(capability, copy);
    }

    /**
     * Parses the string form (bare or in a {@linkplain TicketUrl URL form}) in either {@link AddrLayout}. Bytes
     * that read completely in both (only crafted ones can) are taken as {@link AddrLayout#ENDPOINT_ADDR}.
     *
     * @throws TicketFormatException when it is not a well-formed doc ticket in either layout; the failure
     *                               reported is that of the layout that read further into the bytes
     */
    public static DocTicket parse(String text) {
        byte[] bytes = TicketCodec.decode(text, KIND);
        PostcardReader current = new PostcardReader(bytes);
        TicketFormatException currentFailure;
        try {
            return TicketCodec.read(current, KIND, r -> read(r, AddrLayout.ENDPOINT_ADDR));
        } catch (TicketFormatException e) {
            currentFailure = e;
        }
        PostcardReader legacy = new PostcardReader(bytes);
        try {
            return TicketCodec.read(legacy, KIND, r -> read(r, AddrLayout.NODE_ADDR));
        } catch (TicketFormatException e) {
            if (legacy.position() > current.position()) {
                throw new TicketFormatException(e.reason(), e.getMessage() + " (read as iroh 0.35's layout; as"
                        + " iroh-docs 0.97's: " + currentFailure.getMessage() + ")", e);
            }
            throw new TicketFormatException(currentFailure.reason(), currentFailure.getMessage()
                    + " (read as iroh-docs 0.97's layout; as iroh 0.35's: " + e.getMessage() + ")", currentFailure);
        }
    }

    private static DocTicket read(PostcardReader r, AddrLayout layout) {
        TicketCodec.variant(r, 1, "ticket variant");
        DocCapability capability;
        if (TicketCodec.variant(r, 2, "capability") == 0) {
            byte[] secret = r.bytes();
            if (secret.length != DocCapability.KEY_LENGTH) {
                throw new TicketFormatException(Reason.INVALID, "doc ticket: namespace secret of " + secret.length
                        + " bytes, expected " + DocCapability.KEY_LENGTH);
            }
            capability = DocCapability.write(secret);
        } else {
            byte[] id = r.fixed(DocCapability.KEY_LENGTH);
            NodeId.of(id); // a namespace id is an Ed25519 public key too: reject non-points here
            capability = DocCapability.read(id);
        }
        int n = r.length(NodeId.LENGTH + 1);
        if (n == 0) {
            throw new TicketFormatException(Reason.INVALID, "doc ticket: names no node to sync with");
        }
        List<NodeAddr> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(layout == AddrLayout.ENDPOINT_ADDR ? AddrWire.readEndpointAddr(r) : AddrWire.readLegacy(r));
        }
        return new DocTicket(capability, List.copyOf(nodes));
    }

    /** What the ticket grants. */
    public DocCapability capability() {
        return capability;
    }

    /** The nodes to sync with; never empty. */
    public List<NodeAddr> nodes() {
        return nodes;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The bytes in the {@link AddrLayout#ENDPOINT_ADDR} layout. */
    @Override
    public byte[] toBytes() {
        return toBytes(AddrLayout.ENDPOINT_ADDR);
    }

    /** The bytes with node addresses in {@code layout}. */
    public byte[] toBytes(AddrLayout layout) {
        Objects.requireNonNull(layout, "layout");
        PostcardWriter w = new PostcardWriter(80 + 40 * nodes.size());
        w.varint(0);
        if (capability.isWrite()) {
            w.varint(0).bytes(capability.keyBytes());
        } else {
            w.varint(1).fixed(capability.keyBytes());
        }
        w.varint(nodes.size());
        for (NodeAddr node : nodes) {
            if (layout == AddrLayout.ENDPOINT_ADDR) {
                AddrWire.writeEndpointAddr(w, node);
            } else {
                AddrWire.writeLegacy(w, node);
            }
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocTicket && capability.equals(((DocTicket) o).capability)
                && nodes.equals(((DocTicket) o).nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capability, nodes);
    }

    /** The string form in the {@link AddrLayout#ENDPOINT_ADDR} layout. */
    @Override
    public String toString() {
        return toString(AddrLayout.ENDPOINT_ADDR);
    }

    /** The string form with node addresses in {@code layout}. */
    public String toString(AddrLayout layout) {
        return TicketCodec.format(KIND, toBytes(layout));
    }
}
