package io.objsync.net.internal.quic;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What kwik sees as its socket when it shares one with others ({@link UdpMux}): {@code send} goes out through
 * the shared socket, {@code receive} takes the datagrams the mux routed here (a bounded queue; when it is full
 * a datagram is dropped, as the kernel drops on a full receive buffer). Only the methods kwik 0.10.8 calls
 * (send, receive, close, local address and port, receive buffer size, timeout) are views of the shared socket;
 * the unbound socket underneath is never used for I/O.
 */
public final class MuxSocket extends java.net.DatagramSocket {

    private static final DatagramPacket CLOSED = new DatagramPacket(new byte[0], 0);

    private final UdpMux mux;
    private final BlockingQueue<DatagramPacket> queue;
    private volatile Predicate<byte[]> owner = cid -> false;
    private volatile boolean closed;
    private volatile int timeoutMillis;

    MuxSocket(UdpMux mux, int capacity) throws SocketException {
        super((SocketAddress) null);
        this.mux = mux;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Names the connection ids (of {@link UdpMux#CID_LENGTH} bytes) whose datagrams belong here. */
    public void owner(Predicate<byte[]> owns) {
        this.owner = owns;
    }

    boolean owns(byte[] cid) {
        return !closed && owner.test(cid);
    }

    void deliver(byte[] data, int len, InetSocketAddress from) {
        if (!closed) {
            queue.offer(new DatagramPacket(java.util.Arrays.copyOf(data, len), len, from));
        }
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        mux.send(p);
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        DatagramPacket d;
        try {
            int t = timeoutMillis;
            d = t == 0 ? queue.take() : queue.poll(t, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("receive interrupted");
        }
        if (d == null) {
            throw new SocketTimeoutException("Receive timed out");
        }
        if (d == CLOSED) {
            queue.offer(CLOSED); // for any other reader
            throw new SocketException("Socket closed");
        }
        int n = Math.min(d.getLength(), p.getLength());
        System.arraycopy(d.getData(), 0, p.getData(), p.getOffset(), n);
        p.setLength(n);
        p.setSocketAddress(d.getSocketAddress());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        mux.removed(this);
        queue.clear();
        queue.offer(CLOSED);
        super.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public int getLocalPort() {
        return mux.localPort();
    }

    @Override
    public InetAddress getLocalAddress() {
        return mux.localAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return mux.localSocketAddress();
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return mux.receiveBufferSize();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }
}
