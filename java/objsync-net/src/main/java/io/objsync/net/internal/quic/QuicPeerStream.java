package io.objsync.net.internal.quic;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.internal.Watchdog;
import tech.kwik.core.QuicStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A {@link PeerStream} on one bidirectional QUIC stream. Half-close is the stream's FIN; closing without
 * finishing sends RESET_STREAM (and STOP_SENDING for unread input), so a half-sent message reads as an error.
 * kwik streams have no per-stream timeouts, so reads and writes are watched by the endpoint's {@link Watchdog}:
 * one that overruns aborts its direction, and the blocked call fails as {@link StreamTimeoutException}. The
 * endpoint's {@link StreamNudger} recovers the wake-ups kwik loses ({@link StreamSender}, {@link StrandedReader}).
 */
public final class QuicPeerStream implements PeerStream {

    /** Application error code of our resets; iroh's peers only see that the stream was reset. */
    private static final long RESET = 0;

    private final NodeAddr peerAddr;
    private final String alpn;
    private final QuicStream stream;
    private final InputStream quicIn;
    private final OutputStream quicOut;
    private final Watchdog.Guard readGuard;
    private final Watchdog.Guard writeGuard;
    private final long idleNanos;
    private final long stallNanos;
    private final Runnable onClose;
    private final StreamSender sender;
    private final StreamNudger nudger;
    private final AutoCloseable nudge;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private volatile boolean inputDone;
    private volatile boolean finished;
    private volatile boolean closed;

    /**
     * @param onClose runs once when the stream is closed (the endpoint forgets it)
     */
    public QuicPeerStream(NodeAddr peerAddr, String alpn, QuicStream stream, Watchdog watchdog, StreamNudger nudger,
                          long idleNanos, long stallNanos, Runnable onClose) {
        this.peerAddr = peerAddr;
        this.alpn = alpn;
        this.stream = stream;
        this.quicIn = stream.getInputStream();
        this.quicOut = stream.getOutputStream();
        this.readGuard = watchdog.guard(() -> stream.abortReading(RESET));
        this.writeGuard = watchdog.guard(() -> OutputReset.reset(stream, RESET, nudger));
        this.idleNanos = idleNanos;
        this.stallNanos = stallNanos;
        this.onClose = onClose;
        this.nudger = nudger;
        this.sender = new StreamSender(stream);
        StrandedReader reader = new StrandedReader(stream);
        this.nudge = nudger.watch(() -> {
            sender.nudge();
            reader.wake();
        }, stallNanos / 1_000_000);
    }

    @Override
    public NodeId peer() {
        return peerAddr.nodeId();
    }

    @Override
    public NodeAddr peerAddr() {
        return peerAddr;
    }

    @Override
    public String alpn() {
        return alpn;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void finishOutput() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        writeGuard.arm(stallNanos);
        try {
            quicOut.close(); // FIN after the bytes written
            sender.written();
        } catch (IOException e) {
            throw writeFailure(e);
        } finally {
            writeGuard.disarm();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            OutputReset.reset(stream, RESET, nudger);
        }
        if (!inputDone) {
            stream.abortReading(RESET);
        }
        try {
            nudge.close();
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
        onClose.run();
    }

    private IOException writeFailure(IOException e) {
        return writeGuard.fired() ? new StreamTimeoutException("the peer did not read for " + stallNanos / 1_000_000
                + " ms") : e;
    }

    /** The kwik stream underneath (for tests that reach kwik's internals). */
    QuicStream kwikStream() {
        return stream;
    }

    @Override
    public String toString() {
        return "QuicPeerStream(" + alpn + ", " + peerAddr.nodeId().shortForm() + ", " + stream.getStreamId() + ")";
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (inputDone) {
                return -1;
            }
            readGuard.arm(idleNanos);
            try {
                int n = quicIn.read(b, off, len);
                if (n < 0) {
                    inputDone = true;
                }
                return n;
            } catch (RuntimeException e) {
                // kwik 0.10.8 can throw from a read that races the peer's reset discarding the buffer
                // (NoSuchElementException): the stream is broken either way, never a clean end
                throw new IOException("stream failed: " + e, e);
            } catch (IOException e) {
                Thread.interrupted(); // kwik wakes a blocked reader by interrupting it: do not leak the flag
                if (readGuard.fired()) {
                    throw new StreamTimeoutException("no data from the peer for " + idleNanos / 1_000_000 + " ms");
                }
                throw e;
            } finally {
                readGuard.disarm();
            }
        }

        @Override
        public void close() {
            if (!inputDone) {
                inputDone = true;
                stream.abortReading(RESET);
            }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (finished) {
                throw new IOException("output already finished");
            }
            if (len == 0) {
                return; // kwik 0.10.8 queues an empty buffer that then holds back the FIN for good
            }
            writeGuard.arm(stallNanos);
            try {
                quicOut.write(b, off, len);
                sender.written();
            } catch (RuntimeException e) {
                throw new IOException("stream failed: " + e, e); // as for reads
            } catch (IOException e) {
                Thread.interrupted(); // as for reads
                throw writeFailure(e);
            } finally {
                writeGuard.disarm();
            }
        }

        @Override
        public void flush() throws IOException {
            if (!finished) {
                quicOut.flush();
            }
        }

        @Override
        public void close() throws IOException {
            finishOutput();
        }
    }
}
