package io.objsync.node;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.PeerStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A stream that forwards every call to another: tests override the one they change (a cut, a replay). */
class ForwardingPeerStream implements PeerStream {
    final PeerStream s;

    ForwardingPeerStream(PeerStream s) {
        this.s = s;
    }

    @Override
    public NodeId peer() {
        return s.peer();
    }

    @Override
    public NodeAddr peerAddr() {
        return s.peerAddr();
    }

    @Override
    public String alpn() {
        return s.alpn();
    }

    @Override
    public InputStream input() {
        return s.input();
    }

    @Override
    public OutputStream output() {
        return s.output();
    }

    @Override
    public void finishOutput() throws IOException {
        s.finishOutput();
    }

    @Override
    public void close() {
        s.close();
    }
}
