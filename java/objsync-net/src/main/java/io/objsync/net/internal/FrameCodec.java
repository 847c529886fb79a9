package io.objsync.net.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The byte framing inside a TLS stream: data travels in frames of a 4-byte big-endian length and that many
 * bytes, and a frame of length 0 ends the stream. The explicit end is needed because TLS cannot be trusted to
 * tell a finished stream from a reset one: when the peer resets the connection while our own
 * {@code close_notify} is being written, the JDK swallows the failed write, the kernel then reports end of file
 * on the next read, and JSSE takes an end of file without {@code close_notify} for a clean close (unless the
 * JVM-wide {@code com.sun.net.ssl.requireCloseNotify} is set). Seen on JDK 17 and 25 in about 3% of early
 * resets. With the end frame, only a stream whose writer called {@code finishOutput()} ever reads to -1.
 */
final class FrameCodec {

    /** Payload per frame: with its header, one frame fills one 16 KiB TLS record. */
    static final int PAYLOAD = 16 * 1024 - 4;

    private FrameCodec() {
    }

    /** Buffers writes into frames; {@link #end()} writes the end frame. Not thread-safe, like any stream. */
    static final class Output extends OutputStream {
        private final OutputStream out;
        private final byte[] frame = new byte[4 + PAYLOAD + 4]; // room for an end frame after a full one
        private int used;

        Output(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == PAYLOAD) {
                emit();
            }
            frame[4 + used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                if (used == PAYLOAD) {
                    emit();
                }
                int n = Math.min(len, PAYLOAD - used);
                System.arraycopy(b, off, frame, 4 + used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (used > 0) {
                emit();
            }
            out.flush();
        }

        /** Writes what is buffered and the end frame in one write (then the caller ends TLS). */
        void end() throws IOException {
            int at = 0;
            if (used > 0) {
                putLength(0, used);
                at = 4 + used;
            }
            putLength(at, 0);
            out.write(frame, 0, at + 4);
            used = 0;
            out.flush();
        }

        private void emit() throws IOException {
            putLength(0, used);
            out.write(frame, 0, 4 + used);
            used = 0;
        }

        private void putLength(int at, int n) {
            frame[at] = (byte) (n >>> 24);
            frame[at + 1] = (byte) (n >>> 16);
            frame[at + 2] = (byte) (n >>> 8);
            frame[at + 3] = (byte) n;
        }
    }

    /** Reads frames back into bytes; -1 only after the end frame, an error for any other end. */
    static final class Input extends InputStream {
        private final InputStream in;
        private final byte[] header = new byte[4];
        private int remaining;
        private boolean ended;

        Input(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (!frameReady()) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw cut();
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!frameReady()) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, remaining));
            if (n < 0) {
                throw cut();
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return ended ? 0 : Math.min(remaining, in.available());
        }

        /** Whether data is ready to read: false at the end frame; reads the next header when needed. */
        private boolean frameReady() throws IOException {
            while (remaining == 0) {
                if (ended) {
                    return false;
                }
                if (in.readNBytes(header, 0, 4) < 4) {
                    throw cut();
                }
                int len = ByteBuffer.wrap(header).getInt();
                if (len < 0 || len > PAYLOAD) {
                    throw new IOException("malformed stream frame of " + Integer.toUnsignedString(len) + " bytes");
                }
                if (len == 0) {
                    ended = true;
                }
                remaining = len;
            }
            return true;
        }

        private static IOException cut() {
            return new IOException("stream reset: the peer closed it without finishing its output");
        }
    }
}
