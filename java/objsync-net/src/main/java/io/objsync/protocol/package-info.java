/**
 * The blob protocol of iroh-blobs ({@code /iroh-bytes/4}): {@link io.objsync.protocol.GetRequest} and
 * {@link io.objsync.protocol.GetManyRequest} with their byte-exact encoding and typed decoding errors, and a
 * {@link io.objsync.protocol.BlobProvider} / {@link io.objsync.protocol.BlobDownloader} pair over any
 * {@link io.objsync.net.Endpoint}, reading from a {@link io.objsync.protocol.BlobSource} and writing verified
 * data to a {@link io.objsync.protocol.BlobSink}.
 */
package io.objsync.protocol;
