package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.transport.http.Problem;

/**
 * Answers a read of stored content: conditional GET (If-None-Match → 304), Range (206, 416), HEAD,
 * and the body from the off-heap {@link ContentCache} when it fits there, else streamed from the
 * store. Bodies up to {@link #SMALL_BODY_BYTES} are sent as one buffer.
 */
final class ContentResponses {

    /** Bodies up to this size are read whole and sent without a worker thread or a blocking stream. */
    static final long SMALL_BODY_BYTES = 64 * 1024;

    private final Store store;
    private final ContentCache cache;
    private final NodeMetrics metrics;

    ContentResponses(Store store, ContentCache cache, NodeMetrics metrics) {
        this.store = store;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** True if a whole-body read of this size is answered from the I/O thread (small or hot-cacheable). */
    static boolean servedInline(long size) {
        return size <= Math.max(SMALL_BODY_BYTES, ContentCache.MAX_ENTRY_BYTES);
    }

    /**
     * Sends the content with this hash, honouring the request's conditional, Range and HEAD.
     *
     * @return false, having sent nothing, if the body must be streamed and this is the I/O thread:
     *         the caller dispatches the request to a worker, which calls this again
     */
    boolean send(HttpServerExchange ex, Sha256 hash, long size, String contentType) throws IOException {
        String etag = BlobHeaders.etag(hash);
        var headers = ex.getResponseHeaders();
        headers.put(Headers.ETAG, etag);
        headers.put(Headers.ACCEPT_RANGES, "bytes");
        if (notModified(ex, etag)) {
            ex.setStatusCode(304);
            ex.endExchange();
            return true;
        }
        long offset = 0;
        long length = size;
        ByteRange.Parsed range = ByteRange.parse(ex.getRequestHeaders().getFirst(Headers.RANGE), size);
        switch (range) {
            case ByteRange.Parsed.Unsatisfiable u -> {
                headers.put(Headers.CONTENT_RANGE, "bytes */" + size);
                Problem.send(ex, 416, "Range Not Satisfiable", "the blob has " + size + " bytes");
                return true;
            }
            case ByteRange.Parsed.Part p -> {
                offset = p.range().first();
                length = p.range().length();
                ex.setStatusCode(206);
                headers.put(Headers.CONTENT_RANGE, "bytes " + p.range().first() + "-" + p.range().last() + "/" + size);
            }
            case ByteRange.Parsed.Whole w -> ex.setStatusCode(200);
        }
        // the declared type, as uploaded; one that is not a media type (gossiped by an old or faulty member) as bytes
        headers.put(Headers.CONTENT_TYPE, MediaType.isValid(contentType) ? contentType : BlobRecord.DEFAULT_CONTENT_TYPE);
        // uploaded HTML or SVG must not run scripts with this node's origin (the keyring API's origin)
        headers.put(BlobHeaders.CONTENT_SECURITY_POLICY, "sandbox");
        headers.put(Headers.CONTENT_LENGTH, length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return true;
        }
        Optional<ByteBuffer> cached = cache.get(hash, size, store);
        if (cached.isPresent()) {
            ByteBuffer part = cached.get().position((int) offset).limit((int) (offset + length)).slice();
            ex.getResponseSender().send(part);
            metrics.servedBytes(length);
            return true;
        }
        if (ex.isInIoThread()) { // not cacheable after all: stream it from a worker
            return false;
        }
        Optional<InputStream> in = store.openContent(hash, offset, length);
        if (in.isEmpty()) {
            headers.remove(Headers.CONTENT_LENGTH);
            Problem.send(ex, 503, "Service Unavailable", "content " + hash + " is not on this node yet; retry shortly");
            return true;
        }
        if (length <= SMALL_BODY_BYTES) {
            try (InputStream body = in.get()) {
                ex.getResponseSender().send(ByteBuffer.wrap(body.readAllBytes()));
            }
        } else {
            try (InputStream body = in.get(); OutputStream out = ex.getOutputStream()) {
                body.transferTo(out);
            }
        }
        metrics.servedBytes(length);
        return true;
    }

    private static boolean notModified(HttpServerExchange ex, String etag) {
        String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        return inm != null && (inm.trim().equals("*") || List.of(inm.split(",")).stream().map(String::trim)
                .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)));
    }
}
