package io.objsync.ticket;

import io.objsync.hash.Hash;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;
import io.objsync.net.NodeAddr;
import io.objsync.net.internal.AddrWire;

import java.util.Objects;

/**
 * A ticket for a blob or a hash sequence on one node (iroh-blobs' {@code BlobTicket}). Immutable.
 *
 * <p>Bytes: {@code 00} (variant 0), the node address in the legacy layout (node id, optional relay URL, direct
 * addresses), the format ({@code 00} raw, {@code 01} hash sequence), the 32-byte hash.
 */
public final class BlobTicket implements Ticket {

    /** The kind prefix. */
    public static final String KIND = "blob";

    private final NodeAddr node;
    private final Hash hash;
    private final BlobFormat format;

    private BlobTicket(NodeAddr node, Hash hash, BlobFormat format) {
        this.node = node;
        this.hash = hash;
        this.format = format;
    }

    /** A ticket for {@code hash} in {@code format}, served by {@code node}. */
    public static BlobTicket of(NodeAddr node, Hash hash, BlobFormat format) {
        return new BlobTicket(Objects.requireNonNull(node, "node"), Objects.requireNonNull(hash, "hash"),
                Objects.requireNonNull(format, "format"));
    }

    /**
     * Parses the string form (bare or in a {@linkplain TicketUrl URL form}).
     *
     * @throws TicketFormatException when it is not a well-formed blob ticket
     */
    public static BlobTicket parse(String text) {
        return TicketCodec.parse(text, KIND, BlobTicket::read);
    }

    private static BlobTicket read(PostcardReader r) {
        TicketCodec.variant(r, 1, "ticket variant");
        NodeAddr node = AddrWire.readLegacy(r);
        BlobFormat format = BlobFormat.values()[TicketCodec.variant(r, BlobFormat.values().length, "blob format")];
        return new BlobTicket(node, Hash.of(r.fixed(Hash.LENGTH)), format);
    }

    /** The node that serves the blob. */
    public NodeAddr node() {
        return node;
    }

    /** The blob's (or hash sequence's) hash. */
    public Hash hash() {
        return hash;
    }

    /** Whether to fetch one blob or a hash sequence with its children. */
    public BlobFormat format() {
        return format;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public byte[] toBytes() {
        PostcardWriter w = new PostcardWriter(96);
        w.varint(0);
        AddrWire.writeLegacy(w, node);
        w.varint(format.ordinal()).fixed(hash.toBytes());
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobTicket && node.equals(((BlobTicket) o).node) && hash.equals(((BlobTicket) o).hash)
                && format == ((BlobTicket) o).format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, hash, format);
    }

    @Override
    public String toString() {
        return TicketCodec.format(KIND, toBytes());
    }
}
