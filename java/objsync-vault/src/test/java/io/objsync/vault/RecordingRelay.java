package io.objsync.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP relay on loopback that forwards to a target and keeps a copy of every byte in both directions. */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    RecordingRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "relay");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    synchronized byte[] bytes() {
        return seen.toByteArray();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(target.getAddress(), target.getPort());
                pump(in.getInputStream(), out.getOutputStream(), out);
                pump(out.getInputStream(), in.getOutputStream(), in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream from, OutputStream to, Socket toSocket) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = from.read(buf)) > 0; ) {
                    synchronized (this) {
                        seen.write(buf, 0, n);
                    }
                    to.write(buf, 0, n);
                    to.flush();
                }
                toSocket.shutdownOutput();
            } catch (IOException e) {
                try {
                    toSocket.close();
                } catch (IOException ignored) {
                    // already broken
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
