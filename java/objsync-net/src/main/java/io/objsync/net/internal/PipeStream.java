package io.objsync.net.internal;

import io.objsync.net.NodeId;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** One end of an in-memory stream: reads one {@link Pipe}, writes the other. */
public final class PipeStream extends StreamBase {

    private final Pipe in;
    private final Pipe out;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return in.read(b, off, len);
        }
    };
    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            out.write(b, off, len);
        }

        @Override
        public void close() {
            finishOutput();
        }
    };

    /** The end reading {@code in} and writing {@code out}; {@code onClose} runs once on close. */
    public PipeStream(NodeId peer, String alpn, Pipe in, Pipe out, Runnable onClose) {
        super(peer, alpn);
        this.in = in;
        this.out = out;
        this.onClose = onClose;
        streams(input, output);
    }

    @Override
    public void finishOutput() {
        out.finish();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (!out.isFinished()) {
                out.reset();
            }
            in.reset();
            onClose.run();
        }
    }
}
