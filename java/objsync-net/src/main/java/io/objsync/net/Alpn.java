package io.objsync.net;

/** The protocol ids (TLS ALPN values) of the reference protocols. */
public final class Alpn {

    /** iroh-blobs' blob transfer protocol. */
    public static final String BLOBS = "/iroh-bytes/4";

    /** iroh-docs' document reconciliation protocol. */
    public static final String DOCS = "/iroh-sync/1";

    private Alpn() {
    }
}
