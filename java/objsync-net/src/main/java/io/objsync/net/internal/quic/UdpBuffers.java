package io.objsync.net.internal.quic;

import java.net.DatagramSocket;
import java.net.SocketException;

/**
 * Socket buffers for QUIC. kwik reads datagrams on one thread and processes them on another; with the
 * kernel's default receive buffer (~208 KiB on Linux) a burst at full window overflows it while the process
 * is descheduled, and every dropped datagram costs a loss-recovery round. The kernel caps the request at
 * {@code net.core.rmem_max}/{@code wmem_max}; asking for more is harmless.
 */
final class UdpBuffers {

    private static final int BYTES = 8 * 1024 * 1024;

    private UdpBuffers() {
    }

    static void enlarge(DatagramSocket socket) throws SocketException {
        socket.setReceiveBufferSize(BYTES);
        socket.setSendBufferSize(BYTES);
    }
}
