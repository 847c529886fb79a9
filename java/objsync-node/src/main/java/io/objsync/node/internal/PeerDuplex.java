package io.objsync.node.internal;

import io.objsync.docs.sync.DuplexStream;
import io.objsync.net.PeerStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A transport stream as the documents module's duplex stream; half-closing finishes our output. */
public final class PeerDuplex implements DuplexStream {
    private final PeerStream stream;
    private final InputStream in;

    /** Reads from {@code in} (the stream's input, or one that replays bytes already read from it). */
    public PeerDuplex(PeerStream stream, InputStream in) {
        this.stream = stream;
        this.in = in;
    }

    /** The stream as it is. */
    public PeerDuplex(PeerStream stream) {
        this(stream, stream.input());
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return stream.output();
    }

    @Override
    public void closeOutput() throws IOException {
        stream.finishOutput();
    }
}
