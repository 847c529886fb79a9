package io.objsync.docs.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A bidirectional byte stream a session runs over: a socket, a QUIC stream, or a pair of pipes in tests. */
public interface DuplexStream {
    /** Bytes from the peer. */
    InputStream input() throws IOException;

    /** Bytes to the peer. */
    OutputStream output() throws IOException;

    /** Tells the peer we will send nothing more (half-close). */
    void closeOutput() throws IOException;

    /** A socket's streams; closing the output shuts down its sending side. */
    static DuplexStream of(Socket socket) {
        return new DuplexStream() {
            @Override
            public InputStream input() throws IOException {
                return socket.getInputStream();
            }

            @Override
            public OutputStream output() throws IOException {
                return socket.getOutputStream();
            }

            @Override
            public void closeOutput() throws IOException {
                socket.shutdownOutput();
            }
        };
    }

    /** Two streams; closing the output closes {@code out}. */
    static DuplexStream of(InputStream in, OutputStream out) {
        return new DuplexStream() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void closeOutput() throws IOException {
                out.close();
            }
        };
    }
}
