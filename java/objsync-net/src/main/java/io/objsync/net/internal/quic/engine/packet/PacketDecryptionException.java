package io.objsync.net.internal.quic.engine.packet;

/**
 * A packet that could not be opened: too short to carry a header protection sample, failed authentication, or
 * protected with keys already discarded. Not a connection error (RFC 9001 section 5.5 says to drop such
 * packets), so it carries no stack trace and costs little to throw.
 */
public final class PacketDecryptionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A packet dropped for {@code reason}. */
    public PacketDecryptionException(String reason) {
        super(reason, null, false, false);
    }
}
