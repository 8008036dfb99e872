package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The public blob API: {@code /v1/blobs}, {@code /v1/blobs/{uuid}}, {@code /v1/blobs/{uuid}/versions}
 * and {@code /v1/content/{sha256}}. Runs on worker threads in blocking mode, except a cached or
 * small read, which is answered on the I/O thread. Bodies stream straight into the store, so memory stays bounded whatever the
 * blob size; a declared length over the limit is refused before anything is read.
 */
final class BlobApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BlobApi.class);
    private static final HttpString VERSION_HEADER = HttpString.tryFromString("X-Gossip-Version");
    static final HttpString OWNER_KEY_HEADER = HttpString.tryFromString("X-Gossip-Owner-Key");
    static final HttpString OWNED_SINCE_HEADER = HttpString.tryFromString("X-Gossip-Owned-Since");
    static final HttpString SIGNATURE_HEADER = HttpString.tryFromString("X-Gossip-Signature");
    /** The causal context a signed write carries (and its signature covers); absent means it saw nothing. */
    static final HttpString CONTEXT_HEADER = HttpString.tryFromString("X-Gossip-Context");
    /** This node's wall clock in ms, on versions answers: a signed write's version may not lie before it. */
    static final HttpString CLOCK_HEADER = HttpString.tryFromString("X-Gossip-Clock");
    private static final HttpString CONTENT_SECURITY_POLICY = HttpString.tryFromString("Content-Security-Policy");
    private static final Duration LOCAL_COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final GossipNode node;
    private final Store store;
    private final long maxBlobBytes;
    private final Duration replicasTimeout;
    private final NodeMetrics metrics;
    private final ContentCache cache;
    private final Limits limits;

    BlobApi(GossipNode node, Store store, long maxBlobBytes, Duration replicasTimeout, NodeMetrics metrics, ContentCache cache,
            Limits limits) {
        this.cache = cache;
        this.limits = limits;
        this.node = node;
        this.store = store;
        this.maxBlobBytes = maxBlobBytes;
        this.replicasTimeout = replicasTimeout;
        this.metrics = metrics;
    }

    static String etag(BlobRecord r) {
        return "\"" + r.contentHash() + "\"";
    }

    /** Bodies up to this size are read whole and sent without a worker thread or a blocking stream. */
    static final long SMALL_BODY_BYTES = 64 * 1024;

    /**
     * Reads of small blobs are answered on the I/O thread (a few cached RocksDB point reads, then
     * one buffer); everything else is dispatched to a worker thread in blocking mode.
     */
    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            if (isSmallUpload(ex)) {
                route(ex); // non-blocking: the body is received whole, then committed asynchronously
            } else if (!servedSmallReadInline(ex)) {
                ex.dispatch(this);
            }
            return;
        }
        ex.startBlocking();
        route(ex);
    }

    private static boolean isSmallUpload(HttpServerExchange ex) {
        HttpString method = ex.getRequestMethod();
        long declared = ex.getRequestContentLength(); // -1 when unknown (chunked): streamed on a worker
        return (method.equals(Methods.PUT) || method.equals(Methods.POST)) && declared >= 0 && declared <= SMALL_BODY_BYTES;
    }

    private boolean servedSmallReadInline(HttpServerExchange ex) throws IOException {
        HttpString method = ex.getRequestMethod();
        String path = ex.getRequestPath();
        if (!(method.equals(Methods.GET) || method.equals(Methods.HEAD)) || path.length() != "/v1/blobs/".length() + 36
                || !path.startsWith("/v1/blobs/") || ex.getRequestHeaders().contains(Headers.RANGE)) {
            return false;
        }
        Optional<BlobRecord> found = uuid(path.substring("/v1/blobs/".length())).flatMap(this::live);
        if (found.isEmpty() || found.get().size() > Math.max(SMALL_BODY_BYTES, ContentCache.MAX_ENTRY_BYTES)) {
            return false;
        }
        BlobRecord r = found.get();
        ex.getResponseHeaders().put(VERSION_HEADER, r.version().toString());
        sendBody(ex, r.contentHash(), r.size(), r.contentType());
        return true;
    }

    private void route(HttpServerExchange ex) throws Exception {
        String path = ex.getRequestPath();
        String[] parts = (path.startsWith("/v1/") ? path.substring(4) : path).split("/", -1);
        HttpString method = ex.getRequestMethod();
        if (parts.length >= 1 && parts[0].equals("content")) {
            if (parts.length != 2) {
                Problem.send(ex, 404, "Not Found", "use /v1/content/{sha256}");
            } else if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
                serveContent(ex, parts[1]);
            } else {
                notAllowed(ex, "GET, HEAD");
            }
            return;
        }
        if (parts.length == 1 && parts[0].equals("blobs")) {
            if (method.equals(Methods.POST)) {
                write(ex, UUID.randomUUID(), true);
            } else {
                notAllowed(ex, "POST");
            }
            return;
        }
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("blobs")) {
            Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath());
            return;
        }
        Optional<UUID> key = uuid(parts[1]);
        if (key.isEmpty()) {
            Problem.send(ex, 400, "Bad Request", "'" + parts[1] + "' is not a UUID in its canonical form "
                    + "(8-4-4-4-12 hex digits, e.g. 123e4567-e89b-42d3-a456-426614174000)");
            return;
        }
        if (parts.length == 3) {
            if (!parts[2].equals("versions")) {
                Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath());
            } else if (method.equals(Methods.GET)) {
                versions(ex, key.get());
            } else {
                notAllowed(ex, "GET");
            }
            return;
        }
        if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
            read(ex, key.get());
        } else if (method.equals(Methods.PUT)) {
            write(ex, key.get(), false);
        } else if (method.equals(Methods.DELETE)) {
            delete(ex, key.get());
        } else {
            notAllowed(ex, "GET, HEAD, PUT, DELETE");
        }
    }

    /** Only the canonical 8-4-4-4-12 hex form (any case): UUID.fromString also takes "+1234567-0000-...", another key's alias. */
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static Optional<UUID> uuid(String s) {
        return CANONICAL_UUID.matcher(s).matches() ? Optional.of(UUID.fromString(s)) : Optional.empty();
    }

    private static void notAllowed(HttpServerExchange ex, String allow) {
        ex.getResponseHeaders().put(Headers.ALLOW, allow);
        Problem.send(ex, 405, "Method Not Allowed", ex.getRequestMethod() + " is not allowed here; use " + allow);
    }

    // ---- reads --------------------------------------------------------------------------------

    private Optional<BlobRecord> live(UUID key) {
        return node.read(key).filter(s -> !s.isDeleted()).map(KeyState::winner);
    }

    private void read(HttpServerExchange ex, UUID key) throws IOException {
        Optional<BlobRecord> found = live(key);
        if (found.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no blob " + key);
            return;
        }
        BlobRecord r = found.get();
        ex.getResponseHeaders().put(VERSION_HEADER, r.version().toString());
        sendBody(ex, r.contentHash(), r.size(), r.contentType());
    }

    private void serveContent(HttpServerExchange ex, String hex) throws IOException {
        Sha256 hash;
        try {
            hash = Sha256.parse(hex);
        } catch (IllegalArgumentException e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        Optional<Long> size = store.contentSize(hash);
        if (size.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no content " + hash + " on this node");
            return;
        }
        sendBody(ex, hash, size.get(), "application/octet-stream");
    }

    /** Conditional GET, Range and HEAD over stored content. */
    private void sendBody(HttpServerExchange ex, Sha256 hash, long size, String contentType) throws IOException {
        String etag = "\"" + hash + "\"";
        var headers = ex.getResponseHeaders();
        headers.put(Headers.ETAG, etag);
        headers.put(Headers.ACCEPT_RANGES, "bytes");
        String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (inm != null && (inm.trim().equals("*") || List.of(inm.split(",")).stream().map(String::trim)
                .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag)))) {
            ex.setStatusCode(304);
            ex.endExchange();
            return;
        }
        long offset = 0;
        long length = size;
        ByteRange.Parsed range = ByteRange.parse(ex.getRequestHeaders().getFirst(Headers.RANGE), size);
        switch (range) {
            case ByteRange.Parsed.Unsatisfiable u -> {
                headers.put(Headers.CONTENT_RANGE, "bytes */" + size);
                Problem.send(ex, 416, "Range Not Satisfiable", "the blob has " + size + " bytes");
                return;
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
        headers.put(CONTENT_SECURITY_POLICY, "sandbox");
        headers.put(Headers.CONTENT_LENGTH, length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        Optional<ByteBuffer> cached = cache.get(hash, size, store);
        if (cached.isPresent()) {
            ByteBuffer part = cached.get().position((int) offset).limit((int) (offset + length)).slice();
            ex.getResponseSender().send(part);
            metrics.servedBytes(length);
            return;
        }
        if (ex.isInIoThread()) { // not cacheable after all: stream it from a worker
            ex.dispatch(this);
            return;
        }
        Optional<InputStream> in = store.openContent(hash, offset, length);
        if (in.isEmpty()) {
            headers.remove(Headers.CONTENT_LENGTH);
            Problem.send(ex, 503, "Service Unavailable", "content " + hash + " is not on this node yet; retry shortly");
            return;
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
    }

    private void versions(HttpServerExchange ex, UUID key) {
        ex.getResponseHeaders().put(CLOCK_HEADER, System.currentTimeMillis());
        Optional<KeyState> state = node.read(key);
        if (state.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no blob " + key);
            return;
        }
        List<Map<String, Object>> losers = new ArrayList<>();
        state.get().losers().forEach(r -> losers.add(Json.record(r)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key.toString());
        body.put("winner", Json.record(state.get().winner()));
        body.put("losers", losers);
        // what a write that has seen every version above carries: an owner's client signs it
        body.put("nextWriteContext", state.get().contextForNextWrite().encode());
        Json.send(ex, 200, body);
    }

    // ---- writes -------------------------------------------------------------------------------

    private Optional<Precondition> precondition(HttpServerExchange ex) {
        String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        String im = ex.getRequestHeaders().getFirst(Headers.IF_MATCH);
        if (inm != null && inm.trim().equals("*")) {
            return Optional.of(Precondition.IF_ABSENT);
        }
        if (im != null && im.trim().equals("*")) {
            return Optional.of(Precondition.IF_PRESENT); // RFC 9110 §13.1.1: any current representation matches
        }
        if (im != null) {
            String tag = im.trim().replaceFirst("^W/", "");
            if (tag.length() == 66 && tag.startsWith("\"") && tag.endsWith("\"")) {
                try {
                    return Optional.of(new Precondition.IfMatch(Sha256.parse(tag.substring(1, 65))));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty(); // an ETag we never issued cannot match
        }
        return Optional.of(Precondition.NONE);
    }

    private Optional<Integer> replicas(HttpServerExchange ex) {
        Deque<String> values = ex.getQueryParameters().get("replicas");
        if (values == null || values.isEmpty()) {
            return Optional.of(1);
        }
        try {
            int w = Integer.parseInt(values.getFirst());
            return w >= 1 && w <= 1000 ? Optional.of(w) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What a PUT or POST asks for, once its headers are checked. */
    private record WriteRequest(int replicas, String contentType, Precondition precondition, boolean serverPicked,
                                SignedWrite signed) {}

    /** Owner-signature headers that are incomplete or malformed: answered with 400. */
    private static final class BadSignatureHeaders extends Exception {
        private static final long serialVersionUID = 1L;

        BadSignatureHeaders(String message) {
            super(message);
        }
    }

    /**
     * The owner's signature of a write, from {@code X-Gossip-Version}, {@code X-Gossip-Owner-Key},
     * {@code X-Gossip-Owned-Since} and {@code X-Gossip-Signature} (proposal 0010); empty when there
     * is no signature header.
     */
    private static Optional<SignedWrite> signedWrite(HttpServerExchange ex) throws BadSignatureHeaders {
        var h = ex.getRequestHeaders();
        String signature = h.getFirst(SIGNATURE_HEADER);
        if (signature == null) {
            return Optional.empty();
        }
        String version = h.getFirst(VERSION_HEADER);
        String key = h.getFirst(OWNER_KEY_HEADER);
        String since = h.getFirst(OWNED_SINCE_HEADER);
        if (version == null || key == null || since == null) {
            throw new BadSignatureHeaders("a signed write needs X-Gossip-Version, X-Gossip-Owner-Key, "
                    + "X-Gossip-Owned-Since and X-Gossip-Signature together");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            String context = Optional.ofNullable(h.getFirst(CONTEXT_HEADER)).orElse("");
            return Optional.of(new SignedWrite(Version.parse(version.trim()), CausalContext.parse(context),
                    OwnerSignature.of(b64.decode(key.trim()), Version.parse(since.trim()), b64.decode(signature.trim()))));
        } catch (IllegalArgumentException e) {
            throw new BadSignatureHeaders("malformed owner signature headers: " + e.getMessage());
        }
    }

    /** Checks a write's query and headers; answers the problem and returns empty when they are bad. */
    private Optional<WriteRequest> writeRequest(HttpServerExchange ex, boolean serverPicked) {
        Optional<Integer> replicas = replicas(ex);
        if (replicas.isEmpty()) {
            Problem.send(ex, 400, "Bad Request", "replicas must be a whole number from 1 to 1000");
            return Optional.empty();
        }
        long declared = ex.getRequestContentLength();
        if (declared > maxBlobBytes) {
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
            Problem.send(ex, 413, "Content Too Large", "blob of " + declared + " bytes exceeds the limit of " + maxBlobBytes);
            return Optional.empty();
        }
        String contentType = Optional.ofNullable(ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))
                .map(String::trim).filter(t -> !t.isEmpty()).orElse(BlobRecord.DEFAULT_CONTENT_TYPE);
        if (contentType.length() > BlobRecord.MAX_CONTENT_TYPE_LENGTH) {
            Problem.send(ex, 400, "Bad Request", "Content-Type is longer than " + BlobRecord.MAX_CONTENT_TYPE_LENGTH);
            return Optional.empty();
        }
        if (!MediaType.isValid(contentType)) {
            Problem.send(ex, 400, "Bad Request", "Content-Type must be a media type, type/subtype with optional "
                    + "; name=value parameters (RFC 9110), e.g. text/plain; charset=utf-8");
            return Optional.empty();
        }
        Optional<Precondition> pre = serverPicked ? Optional.of(Precondition.IF_ABSENT) : precondition(ex);
        if (pre.isEmpty()) {
            Problem.send(ex, 412, "Precondition Failed", "If-Match names an ETag this node never issued");
            return Optional.empty();
        }
        try {
            return Optional.of(new WriteRequest(replicas.get(), contentType, pre.get(), serverPicked,
                    signedWrite(ex).orElse(null)));
        } catch (BadSignatureHeaders e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A write. A small body with a declared length arrives here on the I/O thread: it is received
     * whole without blocking, and the answer is sent when the node's commit future completes, so no
     * worker thread waits. Other bodies stream into the store from a worker in blocking mode.
     */
    private void write(HttpServerExchange ex, UUID key, boolean serverPicked) throws Exception {
        Optional<WriteRequest> request = writeRequest(ex, serverPicked);
        if (request.isEmpty()) {
            return;
        }
        if (!ex.isBlocking()) {
            AtomicBoolean received = new AtomicBoolean();
            // a small body must arrive whole within bodyIdleTimeout: a trickling client is cut off
            ex.getIoThread().executeAfter(() -> {
                if (!received.get()) {
                    metrics.limited("slow-upload");
                    LOG.info("cut off an upload of {} from {}: body not complete after {}", key, ex.getSourceAddress(),
                            limits.bodyIdleTimeout());
                    IoUtils.safeClose(ex.getConnection());
                }
            }, limits.bodyIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ex.getRequestReceiver().receiveFullBytes(
                    (e, bytes) -> {
                        received.set(true);
                        e.dispatch(SameThreadExecutor.INSTANCE, () -> writeSmall(e, key, request.get(), bytes));
                    },
                    (e, error) -> {
                        received.set(true);
                        LOG.debug("upload of {} broke off: {}", key, error.toString());
                        IoUtils.safeClose(e.getConnection());
                    });
            return;
        }
        Store.StoredContent content;
        InputStream in = new UploadDeadline(ex.getInputStream(), limits.bodyIdleTimeout().toNanos(),
                limits.minUploadBytesPerSecond());
        try {
            content = store.putContent(in, maxBlobBytes);
            in.close();
        } catch (Store.ContentTooLargeException e) {
            tooLarge(ex, e);
            return;
        } catch (UploadDeadline.TooSlow e) {
            // no answer: closing the stream or ending the exchange would wait for the rest of the body
            metrics.limited("slow-upload");
            LOG.info("cut off an upload of {} from {}: {}", key, ex.getSourceAddress(), e.getMessage());
            IoUtils.safeClose(ex.getConnection());
            return;
        }
        answerWrite(ex, key, await(commit(key, content, request.get())), request.get());
    }

    private void writeSmall(HttpServerExchange ex, UUID key, WriteRequest request, byte[] body) {
        Store.StoredContent content;
        try {
            content = store.putContent(new ByteArrayInputStream(body), maxBlobBytes);
        } catch (Store.ContentTooLargeException e) {
            tooLarge(ex, e);
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("storing an upload of {} bytes failed", body.length, e);
            Problem.send(ex, 500, "Internal Server Error", "storing the upload failed: " + e.getMessage());
            return;
        }
        commit(key, content, request).whenComplete((done, error) -> ex.getIoThread().execute(() -> {
            if (error != null) {
                LOG.warn("a write failed on the node loop", error);
                Problem.send(ex, 500, "Internal Server Error", "the write failed: " + error.getMessage());
            } else {
                answerWrite(ex, key, done, request);
            }
        }));
    }

    /** A write's outcome and how many nodes were confirmed to hold it (1, this one, unless ?replicas asked for more). */
    private record Committed(WriteOutcome outcome, int confirmed) {}

    /** Commits the write (signed or not), then waits for {@code ?replicas} confirmations if it was written. */
    private CompletableFuture<Committed> commit(UUID key, Store.StoredContent content, WriteRequest request) {
        CompletableFuture<WriteOutcome> written = request.signed() == null
                ? node.write(key, content, request.contentType(), request.precondition())
                : node.write(key, content, request.contentType(), request.precondition(), request.signed());
        return written.thenCompose(outcome -> outcome instanceof WriteOutcome.Written w && request.replicas() > 1
                ? node.awaitReplicas(key, w.record().version(), request.replicas(), replicasTimeout)
                        .thenApply(confirmed -> new Committed(outcome, confirmed))
                : CompletableFuture.completedFuture(new Committed(outcome, 1)));
    }

    private static void tooLarge(HttpServerExchange ex, Store.ContentTooLargeException e) {
        ex.getResponseHeaders().put(Headers.CONNECTION, "close");
        Problem.send(ex, 413, "Content Too Large", e.getMessage());
    }

    private void delete(HttpServerExchange ex, UUID key) throws Exception {
        Optional<Precondition> pre = precondition(ex);
        if (pre.isEmpty()) {
            Problem.send(ex, 412, "Precondition Failed", "If-Match names an ETag this node never issued");
            return;
        }
        Optional<SignedWrite> signed;
        try {
            signed = signedWrite(ex);
        } catch (BadSignatureHeaders e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        if (live(key).isEmpty()) {
            if (pre.get() instanceof Precondition.None) {
                Problem.send(ex, 404, "Not Found", "no blob " + key);
            } else { // RFC 9110 §13.2.2: a failed If-Match is answered before the method is looked at
                Problem.send(ex, 412, "Precondition Failed", "the blob does not exist");
            }
            return;
        }
        WriteOutcome outcome = await(signed.isPresent() ? node.delete(key, pre.get(), signed.get()) : node.delete(key, pre.get()));
        switch (outcome) {
            case WriteOutcome.Written w -> {
                metrics.write(true);
                ex.getResponseHeaders().put(VERSION_HEADER, w.record().version().toString());
                ex.setStatusCode(204);
                ex.endExchange();
            }
            case WriteOutcome.PreconditionFailed f -> Problem.send(ex, 412, "Precondition Failed",
                    "the blob's current ETag does not match If-Match");
            case WriteOutcome.Unavailable u -> unavailable(ex, u);
            case WriteOutcome.Forbidden f -> Problem.send(ex, 403, "Forbidden", f.reason());
            case WriteOutcome.Conflict c -> Problem.send(ex, 409, "Conflict", c.reason());
            case WriteOutcome.Invalid i -> Problem.send(ex, 400, "Bad Request", i.reason());
        }
    }

    /** 503 with Retry-After: the node cannot take writes for now (starting, re-syncing, clock). */
    private static void unavailable(HttpServerExchange ex, WriteOutcome.Unavailable u) {
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        Problem.send(ex, 503, "Service Unavailable", u.reason());
    }

    private void answerWrite(HttpServerExchange ex, UUID key, Committed committed, WriteRequest request) {
        int confirmed = committed.confirmed();
        switch (committed.outcome()) {
            case WriteOutcome.PreconditionFailed f -> Problem.send(ex, 412, "Precondition Failed",
                    f.current() != null && !f.current().isDeleted()
                            ? "the blob exists and its ETag is " + etag(f.current().winner())
                            : "the blob does not exist");
            case WriteOutcome.Unavailable u -> unavailable(ex, u);
            case WriteOutcome.Forbidden f -> Problem.send(ex, 403, "Forbidden", f.reason());
            case WriteOutcome.Conflict c -> Problem.send(ex, 409, "Conflict", c.reason());
            case WriteOutcome.Invalid i -> Problem.send(ex, 400, "Bad Request", i.reason());
            case WriteOutcome.Written w -> {
                metrics.write(false);
                Map<String, Object> body = Json.record(w.record());
                body.put("replicas", confirmed);
                ex.getResponseHeaders().put(Headers.ETAG, etag(w.record()));
                ex.getResponseHeaders().put(VERSION_HEADER, w.record().version().toString());
                ex.getResponseHeaders().put(Headers.LOCATION, "/v1/blobs/" + key);
                if (confirmed < request.replicas()) {
                    body.put("detail", "written at this node, but only " + confirmed + " of " + request.replicas()
                            + " replicas confirmed within " + replicasTimeout.toSeconds() + " s; it keeps spreading");
                    Json.send(ex, 504, body);
                    return;
                }
                Json.send(ex, w.created() || request.serverPicked() ? 201 : 200, body);
            }
        }
    }

    /** Waits for a commit (and any replica confirmations, bounded by replicasTimeout) on a worker thread. */
    private <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(LOCAL_COMMIT_TIMEOUT.plus(replicasTimeout).toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("a write failed on the node loop", e.getCause());
            throw e.getCause() instanceof Exception c ? c : e;
        } catch (TimeoutException e) {
            throw new IOException("the node did not commit the write in time", e);
        }
    }
}
