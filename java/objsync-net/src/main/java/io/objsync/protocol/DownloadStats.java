package io.objsync.protocol;

/**
 * What a download received.
 *
 * @param blobs         blobs whose requested ranges all arrived and verified
 * @param verifiedBytes blob bytes handed to the sink (all verified)
 * @param streamBytes   response bytes read, size prefixes and tree nodes included
 */
public record DownloadStats(int blobs, long verifiedBytes, long streamBytes) {
}
