package io.objsync.net.internal.udp;

import java.net.DatagramSocket;
import java.net.SocketException;

/**
 * Socket buffers for QUIC. Datagrams are read on one thread and processed on another; with the kernel's default
 * receive buffer (~208 KiB on Linux) a burst at full window overflows it while the process is descheduled, and
 * every dropped datagram costs a loss-recovery round. The kernel caps the request at
 * {@code net.core.rmem_max}/{@code wmem_max}; asking for more is harmless.
 */
public final class UdpBuffers {

    /** The receive and send buffer sizes asked for. */
    public static final int BYTES = 8 * 1024 * 1024;

    private UdpBuffers() {
    }

    /** Asks for {@link #BYTES} of receive and send buffer on {@code socket}. */
    public static void enlarge(DatagramSocket socket) throws SocketException {
        socket.setReceiveBufferSize(BYTES);
        socket.setSendBufferSize(BYTES);
    }
}
