package io.objsync.net.internal.quic;

import io.objsync.net.NodeAddr;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.internal.StreamBase;
import io.objsync.net.internal.Watchdog;
import io.objsync.net.internal.quic.engine.EngineStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A {@link PeerStream} on one stream of our own data path ({@link EngineStream}). Half-close is FIN; closing
 * without finishing sends RESET_STREAM (and STOP_SENDING for unread input), so a half-sent message reads as an
 * error. Reads and writes are bounded by the endpoint's {@link Watchdog}, as on the kwik path: one that overruns
 * stops its direction and fails as {@link StreamTimeoutException}.
 */
final class EnginePeerStream extends StreamBase {

    /** Application error code of our resets; peers only see that the stream was reset. */
    private static final long RESET = 0;

    private final EngineStream stream;
    private final InputStream engineIn;
    private final OutputStream engineOut;
    private final Watchdog.Guard readGuard;
    private final Watchdog.Guard writeGuard;
    private final long idleNanos;
    private final long stallNanos;
    private final Runnable onClose;
    private volatile boolean inputDone;
    private volatile boolean finished;
    private volatile boolean closed;

    EnginePeerStream(NodeAddr peerAddr, String alpn, EngineStream stream, Watchdog watchdog, long idleNanos,
                     long stallNanos, Runnable onClose) {
        super(peerAddr, alpn);
        this.stream = stream;
        this.engineIn = stream.input();
        this.engineOut = stream.output();
        this.readGuard = watchdog.guard(() -> stream.stopReading(RESET));
        this.writeGuard = watchdog.guard(() -> stream.resetOutput(RESET));
        this.idleNanos = idleNanos;
        this.stallNanos = stallNanos;
        this.onClose = onClose;
        streams(new In(), new Out());
    }

    @Override
    public void finishOutput() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        engineOut.close(); // FIN after the bytes written; never blocks
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            stream.resetOutput(RESET);
        }
        if (!inputDone) {
            stream.stopReading(RESET);
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "EnginePeerStream(" + alpn() + ", " + peer().shortForm() + ", " + stream.id() + ")";
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
                int n = engineIn.read(b, off, len);
                if (n < 0) {
                    inputDone = true;
                }
                return n;
            } catch (IOException e) {
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
                stream.stopReading(RESET);
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
            writeGuard.arm(stallNanos);
            try {
                engineOut.write(b, off, len);
            } catch (IOException e) {
                if (writeGuard.fired()) {
                    throw new StreamTimeoutException("the peer did not read for " + stallNanos / 1_000_000 + " ms");
                }
                throw e;
            } finally {
                writeGuard.disarm();
            }
        }

        @Override
        public void close() throws IOException {
            finishOutput();
        }
    }
}
