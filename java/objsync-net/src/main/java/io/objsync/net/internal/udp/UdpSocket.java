package io.objsync.net.internal.udp;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A bound UDP socket as a QUIC endpoint uses it: one reader thread receives, any thread sends. Implementations
 * may move many datagrams per system call (Linux UDP GSO and GRO); callers see datagrams of equal size either way.
 * {@link UdpSockets#open} picks one.
 */
public interface UdpSocket extends AutoCloseable {

    /** The bound address and port. */
    InetSocketAddress localAddress();

    /**
     * Sends {@code buf[off, off + len)} to {@code to} as datagrams of {@code segment} bytes each, the last one
     * shorter if {@code len} is not a multiple; {@code len <= segment} is one datagram. {@code len / segment} must
     * stay below {@link #maxSegments()} + 1.
     */
    void send(byte[] buf, int off, int len, int segment, InetSocketAddress to) throws IOException;

    /** The most datagrams one {@link #send} may carry: 1 when each datagram costs a system call anyway. */
    int maxSegments();

    /**
     * Waits for the next datagrams and puts them in {@code into}: one datagram, or several of one sender coalesced
     * (each {@link Received#segment} bytes, the last one shorter). Returns false once the socket is closed.
     *
     * @throws IOException on an error that leaves the socket usable (the caller goes on reading)
     */
    boolean receive(Received into) throws IOException;

    /** The receive buffer the kernel granted, in bytes. */
    int receiveBufferSize() throws IOException;

    /** What moves the datagrams: "jdk" (java.net, one system call per datagram) or "linux-gso" (GSO + GRO). */
    String kind();

    /** Closes the socket; a blocked {@link #receive} returns false, later sends fail. */
    @Override
    void close();

    /** What one {@link #receive} delivered; reused from call to call by one reader. */
    final class Received {
        /** The bytes received, from 0 to {@link #length}. */
        public final byte[] buf;
        /** How many bytes of {@link #buf} hold datagrams. */
        public int length;
        /** The size of each datagram in {@link #buf} (the last may be shorter); equal to length for one. */
        public int segment;
        /** Who sent them. */
        public InetSocketAddress from;

        /** With room for the largest coalesced read (64 KiB). */
        public Received() {
            this.buf = new byte[65_536];
        }
    }
}
