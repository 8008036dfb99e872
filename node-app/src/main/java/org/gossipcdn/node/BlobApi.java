package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gossipcdn.transport.http.Problem;

/**
 * Routes the public blob API: {@code /v1/blobs}, {@code /v1/blobs/{uuid}},
 * {@code /v1/blobs/{uuid}/versions}, {@code /v1/blobs/{uuid}/replicas} and {@code /v1/content/{sha256}} to {@link BlobReads} and
 * {@link BlobWrites}. Small reads and small declared uploads are answered from the I/O thread;
 * everything else is dispatched to a worker thread in blocking mode.
 */
final class BlobApi implements HttpHandler {

    /** Only the canonical 8-4-4-4-12 hex form (any case): UUID.fromString also takes "+1234567-0000-...", another key's alias. */
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final BlobReads reads;
    private final BlobWrites writes;

    BlobApi(BlobReads reads, BlobWrites writes) {
        this.reads = reads;
        this.writes = writes;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            if (!isSmallUpload(ex) && !isPlainBlobRead(ex)) {
                ex.dispatch(this);
                return;
            }
        } else {
            ex.startBlocking();
        }
        if (!route(ex)) {
            if (!ex.isInIoThread()) {
                throw new IllegalStateException("a request on a worker thread was left unanswered: " + ex.getRequestPath());
            }
            ex.dispatch(this); // on the I/O thread, and it needs a worker after all
        }
    }

    /** A PUT or POST with a declared body of at most {@link ContentResponses#SMALL_BODY_BYTES}: received without blocking. */
    private static boolean isSmallUpload(HttpServerExchange ex) {
        HttpString method = ex.getRequestMethod();
        long declared = ex.getRequestContentLength(); // -1 when unknown (chunked): streamed on a worker
        return (method.equals(Methods.PUT) || method.equals(Methods.POST)) && declared >= 0
                && declared <= ContentResponses.SMALL_BODY_BYTES;
    }

    /** A GET or HEAD of {@code /v1/blobs/{uuid}} without Range: answered inline if the blob is small or hot. */
    private static boolean isPlainBlobRead(HttpServerExchange ex) {
        HttpString method = ex.getRequestMethod();
        String path = ex.getRequestPath();
        return (method.equals(Methods.GET) || method.equals(Methods.HEAD)) && path.length() == "/v1/blobs/".length() + 36
                && path.startsWith("/v1/blobs/") && !ex.getRequestHeaders().contains(Headers.RANGE);
    }

    /** @return false, having answered nothing, if the request must go to a worker thread */
    private boolean route(HttpServerExchange ex) throws Exception {
        String path = ex.getRequestPath();
        String[] parts = (path.startsWith("/v1/") ? path.substring(4) : path).split("/", -1);
        HttpString method = ex.getRequestMethod();
        boolean read = method.equals(Methods.GET) || method.equals(Methods.HEAD);
        if (parts.length >= 1 && parts[0].equals("content")) {
            if (parts.length != 2) {
                Problem.send(ex, 404, "Not Found", "use /v1/content/{sha256}");
                return true;
            }
            return read ? reads.content(ex, parts[1]) : notAllowed(ex, "GET, HEAD");
        }
        if (parts.length == 1 && parts[0].equals("blobs")) {
            if (method.equals(Methods.POST)) {
                writes.write(ex, UUID.randomUUID(), true);
                return true;
            }
            return notAllowed(ex, "POST");
        }
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("blobs")) {
            Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath());
            return true;
        }
        Optional<UUID> key = uuid(parts[1]);
        if (key.isEmpty()) {
            Problem.send(ex, 400, "Bad Request", "'" + parts[1] + "' is not a UUID in its canonical form "
                    + "(8-4-4-4-12 hex digits, e.g. 123e4567-e89b-42d3-a456-426614174000)");
            return true;
        }
        if (parts.length == 3) {
            if (!parts[2].equals("versions") && !parts[2].equals("replicas")) {
                Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath());
                return true;
            }
            if (!method.equals(Methods.GET)) {
                return notAllowed(ex, "GET");
            }
            if (parts[2].equals("versions")) {
                reads.versions(ex, key.get());
            } else {
                reads.replicas(ex, key.get());
            }
            return true;
        }
        if (read) {
            return reads.blob(ex, key.get());
        } else if (method.equals(Methods.PUT)) {
            writes.write(ex, key.get(), false);
        } else if (method.equals(Methods.DELETE)) {
            writes.delete(ex, key.get(), reads.live(key.get()).isPresent());
        } else {
            return notAllowed(ex, "GET, HEAD, PUT, DELETE");
        }
        return true;
    }

    private static Optional<UUID> uuid(String s) {
        return CANONICAL_UUID.matcher(s).matches() ? Optional.of(UUID.fromString(s)) : Optional.empty();
    }

    private static boolean notAllowed(HttpServerExchange ex, String allow) {
        ex.getResponseHeaders().put(Headers.ALLOW, allow);
        Problem.send(ex, 405, "Method Not Allowed", ex.getRequestMethod() + " is not allowed here; use " + allow);
        return true;
    }
}
