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
 * the {@code EndpointAddr} layout.
 */
public final class DocTicket implements Ticket {

    /** The kind prefix. */
    public static final String KIND = "doc";

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
     * Parses the string form (bare or in a {@linkplain TicketUrl URL form}).
     *
     * @throws TicketFormatException when it is not a well-formed doc ticket
     */
    public static DocTicket parse(String text) {
        return TicketCodec.parse(text, KIND, DocTicket::read);
    }

    private static DocTicket read(PostcardReader r) {
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
            nodes.add(AddrWire.readEndpointAddr(r));
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

    @Override
    public byte[] toBytes() {
        PostcardWriter w = new PostcardWriter(80 + 40 * nodes.size());
        w.varint(0);
        if (capability.isWrite()) {
            w.varint(0).bytes(capability.keyBytes());
        } else {
            w.varint(1).fixed(capability.keyBytes());
        }
        w.varint(nodes.size());
        for (NodeAddr node : nodes) {
            AddrWire.writeEndpointAddr(w, node);
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

    @Override
    public String toString() {
        return TicketCodec.format(KIND, toBytes());
    }
}
