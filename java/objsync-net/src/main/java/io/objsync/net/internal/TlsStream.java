package io.objsync.net.internal;

import io.objsync.net.NodeAddr;
import io.objsync.net.StreamTimeoutException;

import javax.net.ssl.SSLSocket;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream over one TLS connection (one connection per stream). Reads time out through the socket's
 * {@code SO_TIMEOUT}; writes and flushes are guarded by the {@link Watchdog}. Bytes travel in {@link FrameCodec}
 * frames; finishing the output writes the end frame, then half-closes TLS 1.3 ({@code close_notify} one way).
 * Closing without finishing resets the TCP connection, and the peer reads an error, never an end.
 */
public final class TlsStream extends StreamBase {

    private final SSLSocket ssl;
    private final Socket tcp;
    private final Watchdog.Guard guard;
    private final long stallNanos;
    private final long idleMillis;
    private final Runnable onClose;
    private final FrameCodec.Output frames;
    private final OutputStream output;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean finished;

    /** A stream with {@code peer} (dialable there) over {@code ssl} (on {@code tcp}) after a completed handshake. */
    public TlsStream(NodeAddr peer, String alpn, SSLSocket ssl, Socket tcp, Watchdog watchdog, long idleMillis,
                     long stallNanos, Runnable onClose) throws IOException {
        super(peer, alpn);
        this.ssl = ssl;
        this.tcp = tcp;
        this.guard = watchdog.guard(tcp);
        this.stallNanos = stallNanos;
        this.idleMillis = idleMillis;
        this.onClose = onClose;
        ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
        this.frames = new FrameCodec.Output(ssl.getOutputStream());
        this.output = new GuardedOutput(frames);
        streams(new FrameCodec.Input(new TimedInput(ssl.getInputStream())), output);
    }

    @Override
    public void finishOutput() throws IOException {
        if (!finished) {
            guard.arm(stallNanos);
            try {
                frames.end();
                finished = true;
                ssl.shutdownOutput();
            } catch (IOException e) {
                throw translate(e, "finish");
            } finally {
                guard.disarm();
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!finished) {
                tcp.setSoLinger(true, 0); // an unfinished stream is reset, never ended cleanly
                tcp.close();
            } else {
                ssl.close();
            }
        } catch (IOException ignored) {
            // the connection is gone either way
        } finally {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // already closed
            }
            onClose.run();
        }
    }

    private IOException translate(IOException e, String what) {
        if (guard.fired()) {
            StreamTimeoutException t = new StreamTimeoutException(this + ": " + what
                    + " blocked for more than " + stallNanos / 1_000_000 + " ms (the peer stopped reading)");
            t.initCause(e);
            return t;
        }
        if (e instanceof SocketTimeoutException && !(e instanceof StreamTimeoutException)) {
            StreamTimeoutException t = new StreamTimeoutException(this + ": no data for " + idleMillis + " ms");
            t.initCause(e);
            return t;
        }
        return e;
    }

    private final class TimedInput extends InputStream {
        private final InputStream in;

        TimedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw translate(e, "read");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw translate(e, "read");
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    private final class GuardedOutput extends FilterOutputStream {
        GuardedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            guard.arm(stallNanos);
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw translate(e, "write");
            } finally {
                guard.disarm();
            }
        }

        @Override
        public void flush() throws IOException {
            guard.arm(stallNanos);
            try {
                out.flush();
            } catch (IOException e) {
                throw translate(e, "flush");
            } finally {
                guard.disarm();
            }
        }

        @Override
        public void close() throws IOException {
            finishOutput();
        }
    }
}
