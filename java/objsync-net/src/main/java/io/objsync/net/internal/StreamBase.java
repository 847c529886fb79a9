package io.objsync.net.internal;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;

import java.io.InputStream;
import java.io.OutputStream;

/** What every {@link PeerStream} holds: the peer, the protocol and the two byte streams. */
public abstract class StreamBase implements PeerStream {

    private final NodeId peer;
    private final NodeAddr peerAddr;
    private final String alpn;
    private InputStream input;
    private OutputStream output;

    protected StreamBase(NodeId peer, String alpn) {
        this(NodeAddr.of(peer), alpn);
    }

    protected StreamBase(NodeAddr peerAddr, String alpn) {
        this.peer = peerAddr.nodeId();
        this.peerAddr = peerAddr;
        this.alpn = alpn;
    }

    /** Set once by the subclass's constructor, whose streams are inner classes of it. */
    protected final void streams(InputStream in, OutputStream out) {
        this.input = in;
        this.output = out;
    }

    @Override
    public final NodeId peer() {
        return peer;
    }

    @Override
    public final NodeAddr peerAddr() {
        return peerAddr;
    }

    @Override
    public final String alpn() {
        return alpn;
    }

    @Override
    public final InputStream input() {
        return input;
    }

    @Override
    public final OutputStream output() {
        return output;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + alpn + ", " + peer.shortForm() + ")";
    }
}
