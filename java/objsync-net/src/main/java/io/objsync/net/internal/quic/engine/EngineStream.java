package io.objsync.net.internal.quic.engine;

import io.objsync.net.internal.quic.engine.stream.ReceiveBuffer;
import io.objsync.net.internal.quic.engine.stream.SendBuffer;
import io.objsync.net.internal.quic.engine.stream.SendCredit;
import io.objsync.net.internal.quic.engine.stream.StreamResetException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * One bidirectional stream of an {@link EngineConnection}, as the application sees it: a blocking input and
 * output. The buffers are the connection thread's data structures; every access from either side holds this
 * stream's monitor, held for one copy at a time (never across a wait or a packet). Writers wait while the send
 * buffer is full, readers while nothing has arrived; the connection thread wakes them on acknowledgements and
 * data. Once the connection fails every wait ends with its error.
 */
public final class EngineStream {

    private final EngineConnection connection;
    private final long id;
    final SendBuffer send;
    final ReceiveBuffer receive;
    final SendCredit credit;
    private final Input input = new Input();
    private final Output output = new Output();
    /** Whether the stream sits in the connection's queue of streams with something to send. */
    boolean queued;
    /** Set by the connection thread while it owes this stream's reader a wake-up for newly received data. */
    boolean dataArrived;
    /** Whether a MAX_STREAM_DATA for this stream waits to be sent. */
    boolean creditUpdatePending;
    /** The error code of a RESET_STREAM to send, or -1. */
    long resetToSend = -1;
    /** The error code of a STOP_SENDING to send, or -1. */
    long stopToSend = -1;
    /** Whether our side stopped reading ({@link #stopReading}). */
    private boolean readingStopped;
    /** The error code the peer asked us to stop sending with (STOP_SENDING), or -1. */
    private long stoppedByPeer = -1;

    EngineStream(EngineConnection connection, long id, int sendCapacity, long receiveWindow, long peerLimit) {
        this.connection = connection;
        this.id = id;
        this.send = new SendBuffer(sendCapacity);
        this.receive = new ReceiveBuffer(receiveWindow);
        this.credit = new SendCredit(peerLimit);
    }

    /** The QUIC stream id. */
    public long id() {
        return id;
    }

    /** The stream's incoming bytes; ends at the peer's FIN, fails on its reset. */
    public InputStream input() {
        return input;
    }

    /** The stream's outgoing bytes; {@link OutputStream#close()} finishes them (FIN). */
    public OutputStream output() {
        return output;
    }

    /** Ends our direction with RESET_STREAM and our reading with STOP_SENDING, both with {@code errorCode}. */
    public void reset(long errorCode) {
        synchronized (this) {
            if (!send.isReset() && !send.allAcked()) {
                send.reset();
                resetToSend = errorCode;
            }
            if (!receive.isFinished() && !receive.isReset()) {
                stopToSend = errorCode;
            }
            notifyAll();
        }
        connection.wantsToSend(this);
    }

    /** Ends our direction with RESET_STREAM ({@code errorCode}) unless all of it was already sent and finished. */
    public void resetOutput(long errorCode) {
        synchronized (this) {
            if (send.isReset() || send.allAcked()) {
                return;
            }
            send.reset();
            resetToSend = errorCode;
            notifyAll();
        }
        connection.wantsToSend(this);
    }

    /**
     * Stops reading: STOP_SENDING ({@code errorCode}) to the peer, and reads from now on (and the one blocked now)
     * fail; what arrives later is dropped.
     */
    public void stopReading(long errorCode) {
        synchronized (this) {
            if (readingStopped) {
                return;
            }
            readingStopped = true;
            if (!receive.isFinished() && !receive.isReset()) {
                stopToSend = errorCode;
            }
            notifyAll();
        }
        connection.readingStopped(this);
    }

    /**
     * Drops what arrived for a stream whose reading we stopped, so its flow-control credit is not held by bytes
     * nobody reads; the connection thread calls it holding the monitor. Returns how many bytes it dropped.
     */
    int discardIfStopped() {
        if (!readingStopped || receive.isReset()) {
            return 0;
        }
        int total = 0;
        byte[] sink = new byte[8192];
        try {
            for (int n; (n = receive.read(sink, 0, sink.length)) > 0; ) {
                total += n;
            }
        } catch (StreamResetException e) {
            // reset meanwhile: nothing more to drop
        }
        return total;
    }

    /** Called by the connection thread, holding the monitor, when the peer sent STOP_SENDING. */
    void stoppedByPeer(long errorCode) {
        stoppedByPeer = errorCode;
        if (!send.isReset()) {
            send.reset();
            resetToSend = errorCode;
        }
        notifyAll();
    }

    /**
     * Throws the connection's failure, if it failed, as this stream sees it ({@link EngineConnection#seenByStream}:
     * a peer's close says whether this stream had received nothing). The caller holds the monitor.
     */
    private void throwIfConnectionFailed() throws IOException {
        IOException f = connection.failure();
        if (f != null) {
            throw EngineConnection.seenByStream(f, receive.nothingReceived());
        }
    }

    /**
     * Waits for the connection thread to change something, or throws the connection's failure. Not after the
     * wait: the caller looks again first, so a reader the last data (or FIN) woke gets it even when the connection
     * closed right after delivering it (a peer that serves one stream per connection closes it at once).
     */
    private void awaitChange() throws IOException {
        throwIfConnectionFailed();
        try {
            wait(100); // bounded, so a failure that races the notify is still seen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting on stream " + id);
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n;
            boolean update;
            synchronized (EngineStream.this) {
                while (true) {
                    if (readingStopped) {
                        throw new IOException("reading of stream " + id + " was stopped");
                    }
                    if ((n = receive.read(b, off, len)) != 0) {
                        break;
                    }
                    awaitChange();
                }
                update = n > 0 && receive.maxStreamDataUpdate() >= 0 && !creditUpdatePending;
                if (update) {
                    creditUpdatePending = true;
                }
            }
            if (n > 0) {
                connection.consumed(EngineStream.this, n, update);
            } else {
                connection.wantsToSend(EngineStream.this); // read to the end: the stream may be done
            }
            return n;
        }

        @Override
        public int available() {
            synchronized (EngineStream.this) {
                return (int) Math.min(Integer.MAX_VALUE, receive.available());
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                int n;
                synchronized (EngineStream.this) {
                    while (true) {
                        throwIfConnectionFailed(); // no bytes into the buffer of a connection that is gone
                        if (stoppedByPeer >= 0) {
                            throw new StreamResetException(stoppedByPeer);
                        }
                        if (send.isReset()) {
                            throw new IOException("stream " + id + " was reset");
                        }
                        if ((n = send.write(b, off, len)) > 0) {
                            break;
                        }
                        awaitChange();
                    }
                }
                off += n;
                len -= n;
                connection.wantsToSend(EngineStream.this);
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (EngineStream.this) {
                if (send.isReset()) {
                    return;
                }
                send.finish();
            }
            connection.wantsToSend(EngineStream.this);
        }
    }
}
