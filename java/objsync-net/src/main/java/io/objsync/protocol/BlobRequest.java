package io.objsync.protocol;

/**
 * A request of the blob protocol (iroh-blobs' {@code Request}): a request-type byte, then the request in
 * postcard. The requester sends it and finishes its output; the provider reads to that end.
 */
public sealed interface BlobRequest permits GetRequest, GetManyRequest {

    /** The wire bytes, type byte included. */
    byte[] encode();
}
