package io.objsync.net.internal.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** {@link UdpSocket} on {@link DatagramSocket}: every platform and JDK, one system call per datagram. */
final class JdkUdpSocket implements UdpSocket {

    private final DatagramSocket socket;
    private final DatagramPacket in = new DatagramPacket(new byte[0], 0);

    JdkUdpSocket(InetSocketAddress bind) throws IOException {
        DatagramSocket s = new DatagramSocket(bind);
        try {
            UdpBuffers.enlarge(s);
        } catch (SocketException e) {
            s.close();
            throw e;
        }
        this.socket = s;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void send(byte[] buf, int off, int len, int segment, InetSocketAddress to) throws IOException {
        for (int at = off, end = off + len; at < end; at += segment) {
            socket.send(new DatagramPacket(buf, at, Math.min(segment, end - at), to));
        }
    }

    @Override
    public int maxSegments() {
        return 1;
    }

    @Override
    public boolean receive(Received into) throws IOException {
        in.setData(into.buf, 0, into.buf.length);
        try {
            socket.receive(in);
        } catch (IOException e) {
            if (socket.isClosed()) {
                return false;
            }
            throw e;
        }
        into.length = in.getLength();
        into.segment = in.getLength();
        into.from = (InetSocketAddress) in.getSocketAddress();
        return true;
    }

    @Override
    public int receiveBufferSize() throws IOException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public String kind() {
        return "jdk";
    }

    @Override
    public void close() {
        socket.close();
    }
}
