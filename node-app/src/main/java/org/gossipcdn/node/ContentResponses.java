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

    /** The bytes a response sends: the whole content, or one range of it. */
    record Part(long offset, long length, boolean whole) {}

    /**
     * Sends the content with this hash, honouring the request's conditional, Range and HEAD.
     *
     * @return false, having sent nothing, if the body must be streamed and this is the I/O thread:
     *         the caller dispatches the request to a worker, which calls this again
     */
    boolean send(HttpServerExchange ex, Sha256 hash, long size, String contentType) throws IOException {
        Optional<Part> part = head(ex, hash, size, contentType);
        return part.isEmpty() || body(ex, hash, size, part.get());
    }

    /**
     * Sets the headers and answers what needs no body (304, 416, HEAD).
     *
     * @return the part of the content the body must carry; empty if the exchange is answered
     */
    Optional<Part> head(HttpServerExchange ex, Sha256 hash, long size, String contentType) {
        String etag = BlobHeaders.etag(hash);
        var headers = ex.getResponseHeaders();
        headers.put(Headers.ETAG, etag);
        headers.put(Headers.ACCEPT_RANGES, "bytes");
        if (notModified(ex, etag)) {
            ex.setStatusCode(304);
            ex.endExchange();
            return Optional.empty();
        }
        Part part = new Part(0, size, true);
        ByteRange.Parsed range = ByteRange.parse(ex.getRequestHeaders().getFirst(Headers.RANGE), size);
        switch (range) {
            case ByteRange.Parsed.Unsatisfiable u -> {
                headers.put(Headers.CONTENT_RANGE, "bytes */" + size);
                Problem.send(ex, 416, "Range Not Satisfiable", "the blob has " + size + " bytes");
                return Optional.empty();
            }
            case ByteRange.Parsed.Part p -> {
                part = new Part(p.range().first(), p.range().length(), false);
                ex.setStatusCode(206);
                headers.put(Headers.CONTENT_RANGE, "bytes " + p.range().first() + "-" + p.range().last() + "/" + size);
            }
            case ByteRange.Parsed.Whole w -> ex.setStatusCode(200);
        }
        // the declared type, as uploaded; one that is not a media type (gossiped by an old or faulty member) as bytes
        headers.put(Headers.CONTENT_TYPE, MediaType.isValid(contentType) ? contentType : BlobRecord.DEFAULT_CONTENT_TYPE);
        // uploaded HTML or SVG must not run scripts with this node's origin (the keyring API's origin)
        headers.put(BlobHeaders.CONTENT_SECURITY_POLICY, "sandbox");
        headers.put(Headers.CONTENT_LENGTH, part.length());
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return Optional.empty();
        }
        return Optional.of(part);
    }

    /**
     * Sends {@code part} of stored content, after {@link #head}.
     *
     * @return false, having sent nothing, if it must be streamed and this is the I/O thread
     */
    boolean body(HttpServerExchange ex, Sha256 hash, long size, Part part) throws IOException {
        long offset = part.offset();
        long length = part.length();
        Optional<ByteBuffer> cached = cache.get(hash, size, store);
        if (cached.isPresent()) {
            ByteBuffer slice = cached.get().position((int) offset).limit((int) (offset + length)).slice();
            ex.getResponseSender().send(slice);
            metrics.servedBytes(length);
            return true;
        }
        if (ex.isInIoThread()) { // not cacheable after all: stream it from a worker
            return false;
        }
        Optional<InputStream> in = store.openContent(hash, offset, length);
        if (in.isEmpty()) {
            unavailable(ex, "content " + hash + " is not on this node yet; retry shortly");
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

    /** True if the content is in the off-heap hot cache (so stored here). */
    boolean isHot(Sha256 hash) {
        return cache.contains(hash);
    }

    /** 503 with a reason and Retry-After, the content headers {@link #head} set taken back. */
    static void unavailable(HttpServerExchange ex, String reason) {
        var headers = ex.getResponseHeaders();
        for (var h : List.of(Headers.CONTENT_LENGTH, Headers.ETAG, Headers.CONTENT_RANGE, Headers.ACCEPT_RANGES,
                BlobHeaders.CONTENT_SECURITY_POLICY)) {
            headers.remove(h);
        }
        headers.put(Headers.RETRY_AFTER, "5");
        Problem.send(ex, 503, "Service Unavailable", reason);
    }

    private static boolean notModified(HttpServerExchange ex, String etag) {
        String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        return inm != null && (inm.trim().equals("*") || List.of(inm.split(",")).stream().map(String::trim)
                .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)));
    }
}
