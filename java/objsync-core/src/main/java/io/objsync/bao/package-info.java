/**
 * BAO verified streaming in the formats iroh-blobs speaks (bao-tree's pre-order outboard with chunk groups,
 * iroh-blobs' range requests), plus classic bao for compatibility.
 *
 * <ul>
 *   <li>{@link io.objsync.bao.Outboard}: the hash tree of a blob without its data, computed in one pass from
 *   memory, a file or a stream, on several threads if asked;</li>
 *   <li>{@link io.objsync.bao.ChunkRanges} and {@link io.objsync.bao.ChunkRangesSeq}: which 1 KiB chunks of which
 *   blobs a request wants, with their wire forms;</li>
 *   <li>{@link io.objsync.bao.BaoEncoder}: the response stream for some ranges of a stored blob, every node
 *   checked before it is sent;</li>
 *   <li>{@link io.objsync.bao.BaoDecoder}: consumes such a stream and releases only verified bytes, in bounded
 *   memory;</li>
 *   <li>{@link io.objsync.bao.ClassicBao}: oconnor663/bao's combined encoding, outboard and slices;</li>
 *   <li>{@link io.objsync.bao.SizePrefix}: the 8-byte size in front of each stream.</li>
 * </ul>
 *
 * <p>Errors in received or stored data are {@link io.objsync.bao.BaoException}s: a
 * {@link io.objsync.bao.BaoVerificationException} when bytes do not match their hash, a
 * {@link io.objsync.bao.BaoTruncatedException} when a stream ends early. Invalid arguments are
 * {@link java.lang.IllegalArgumentException} or {@link java.lang.NullPointerException}, thrown before any work.
 */
package io.objsync.bao;
