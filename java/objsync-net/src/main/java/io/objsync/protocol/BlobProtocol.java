package io.objsync.protocol;

import io.objsync.bao.BaoException;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;
import io.objsync.internal.Varint;
import io.objsync.net.Alpn;
import io.objsync.net.StreamTimeoutException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The blob protocol's request side (iroh-blobs 0.99 {@code src/protocol.rs}): the ALPN, the size limit, and
 * decoding of requests from untrusted bytes into typed errors.
 *
 * <p>A stream carries one request and its response: the requester sends the request and finishes its output;
 * the provider reads to that end (at most {@link #MAX_REQUEST_BYTES}) and answers, for each blob with a
 * non-empty range in request order, its size (u64 little-endian) then its BAO stream, and finishes.
 */
public final class BlobProtocol {

    /** The protocol id. */
    public static final String ALPN = Alpn.BLOBS;

    /** The largest request a provider reads, as the reference's {@code MAX_MESSAGE_SIZE}: 1 MiB. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private static final int OBSERVE = 1;
    private static final int PUSH = 8;

    private BlobProtocol() {
    }

    /**
     * Reads a request to the end of {@code in}, refusing more than {@link #MAX_REQUEST_BYTES}.
     *
     * @throws RequestTooLargeException    when the request goes on past the limit (it is not read further)
     * @throws MalformedRequestException   when the bytes are not a request
     * @throws UnsupportedRequestException for Observe and Push
     */
    public static BlobRequest readRequest(InputStream in) throws IOException {
        return readRequest(in, Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * As {@link #readRequest(InputStream)}, refusing a request that is not complete within {@code within}. Each
     * read waits at most the transport's idle timeout, so a peer that trickles its request (a byte per idle
     * period keeps every read alive) frees the thread within {@code within} plus that timeout.
     *
     * @throws StreamTimeoutException when the request's end has not arrived in time
     */
    public static BlobRequest readRequest(InputStream in, Duration within) throws IOException {
        long started = System.nanoTime();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            if (System.nanoTime() - started > within.toNanos()) {
                throw new StreamTimeoutException("request not complete after " + within.toMillis() + " ms ("
                        + request.size() + " bytes so far)");
            }
            int n = in.read(buf, 0, Math.min(buf.length, MAX_REQUEST_BYTES + 1 - request.size()));
            if (n < 0) {
                return decodeRequest(request.toByteArray());
            }
            request.write(buf, 0, n);
            if (request.size() > MAX_REQUEST_BYTES) {
                throw new RequestTooLargeException("request longer than " + MAX_REQUEST_BYTES + " bytes");
            }
        }
    }

    /**
     * Decodes one request that fills {@code bytes} exactly.
     *
     * @throws MalformedRequestException   when the bytes are not a request (trailing bytes included)
     * @throws UnsupportedRequestException for Observe and Push
     */
    public static BlobRequest decodeRequest(byte[] bytes) throws BlobProtocolException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new MalformedRequestException("empty request", null);
        }
        int type = bytes[0] & 0xFF;
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        BlobRequest request;
        if (type == GetRequest.TYPE) {
            Hash hash = hash(in, "Get");
            request = GetRequest.of(hash, ranges(in, "Get"));
        } else if (type == GetManyRequest.TYPE) {
            request = getMany(in);
        } else if (type == OBSERVE || type == PUSH) {
            throw new UnsupportedRequestException((type == OBSERVE ? "Observe" : "Push") + " requests are not served");
        } else {
            throw new MalformedRequestException("unknown request type " + type, null);
        }
        if (in.hasRemaining()) {
            throw new MalformedRequestException(in.remaining() + " bytes after the request (at byte "
                    + in.position() + ")", null);
        }
        return request;
    }

    private static GetManyRequest getMany(ByteBuffer in) throws MalformedRequestException {
        long count;
        try {
            count = Varint.read(in);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new MalformedRequestException("GetMany: bad hash count at byte " + in.position(), e);
        }
        if (Long.compareUnsigned(count, in.remaining() / Hash.LENGTH) > 0) {
            throw new MalformedRequestException("GetMany claims " + Long.toUnsignedString(count)
                    + " hashes but only " + in.remaining() + " bytes follow", null);
        }
        List<Hash> hashes = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            hashes.add(hash(in, "GetMany"));
        }
        return GetManyRequest.of(hashes, ranges(in, "GetMany"));
    }

    private static Hash hash(ByteBuffer in, String what) throws MalformedRequestException {
        if (in.remaining() < Hash.LENGTH) {
            throw new MalformedRequestException(what + ": request ends inside a hash (at byte " + in.position() + ")", null);
        }
        byte[] h = new byte[Hash.LENGTH];
        in.get(h);
        return Hash.of(h);
    }

    private static ChunkRangesSeq ranges(ByteBuffer in, String what) throws MalformedRequestException {
        try {
            return ChunkRangesSeq.decode(in);
        } catch (BaoException e) {
            throw new MalformedRequestException(what + ": " + e.getMessage(), e);
        }
    }

    /** The children listed by a hash sequence's bytes (a multiple of 32). */
    static List<Hash> hashSeq(byte[] bytes, Hash of) throws BlobProtocolException {
        if (bytes.length % Hash.LENGTH != 0) {
            throw new BlobProtocolException("blob " + of + " is no hash sequence: " + bytes.length
                    + " bytes is not a multiple of " + Hash.LENGTH);
        }
        List<Hash> out = new ArrayList<>(bytes.length / Hash.LENGTH);
        for (int off = 0; off < bytes.length; off += Hash.LENGTH) {
            out.add(Hash.of(Arrays.copyOfRange(bytes, off, off + Hash.LENGTH)));
        }
        return out;
    }
}
