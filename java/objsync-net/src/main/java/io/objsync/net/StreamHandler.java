package io.objsync.net;

import java.io.IOException;

/**
 * Serves the streams peers open for one protocol. The endpoint calls it on a thread of its own, closes the
 * stream when it returns (a handler that did not finish its output resets the stream) and counts the stream
 * against its limits until then.
 */
@FunctionalInterface
public interface StreamHandler {

    /** Serves one stream; the peer's id is {@link PeerStream#peer()}. */
    void handle(PeerStream stream) throws IOException;
}
