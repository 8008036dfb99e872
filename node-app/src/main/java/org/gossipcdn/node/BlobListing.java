package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code GET /v1/blobs?after=UUID&limit=N}: the keys this node holds, in the order of their text,
 * one bounded page at a time (keyset pagination, {@link Store#statesAfter}). A page answers
 * {@code {"blobs": [...], "next": UUID|null}}; asking again with {@code after=next} continues, and
 * a key held for the whole run is listed exactly once whatever is written meanwhile. Deleted keys
 * are left out unless {@code deleted=true}. Every other request on the path goes to {@code next}.
 */
final class BlobListing implements HttpHandler {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Store store;
    private final HttpHandler next;

    BlobListing(Store store, HttpHandler next) {
        this.store = store;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        boolean listing = ex.getRequestPath().equals("/v1/blobs")
                && (ex.getRequestMethod().equals(Methods.GET) || ex.getRequestMethod().equals(Methods.HEAD));
        if (!listing) {
            next.handleRequest(ex);
            return;
        }
        if (ex.isInIoThread()) { // RocksDB reads: on a worker
            ex.dispatch(this);
            return;
        }
        Optional<String> after = param(ex, "after");
        if (after.isPresent() && !CANONICAL_UUID.matcher(after.get()).matches()) {
            Problem.send(ex, 400, "Bad Request", "after must be a key in its canonical UUID form, e.g. "
                    + "123e4567-e89b-42d3-a456-426614174000 (the 'next' of the previous page)");
            return;
        }
        int limit;
        try {
            limit = param(ex, "limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            Problem.send(ex, 400, "Bad Request", "limit must be a whole number from 1 to " + MAX_LIMIT
                    + " (default " + DEFAULT_LIMIT + ")");
            return;
        }
        boolean deleted = param(ex, "deleted").map(Boolean::parseBoolean).orElse(false);
        List<KeyState> page = store.statesAfter(after.map(UUID::fromString), limit);
        List<Map<String, Object>> blobs = new ArrayList<>();
        for (KeyState s : page) {
            if (deleted || !s.isDeleted()) {
                Map<String, Object> b = Json.record(s.winner());
                b.put("concurrent", s.losers().size());
                blobs.add(b);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("blobs", blobs);
        // a full page may have more after it; a short one is the end
        body.put("next", page.size() == limit ? page.get(page.size() - 1).key().toString() : null);
        Json.send(ex, 200, body);
    }

    private static Optional<String> param(HttpServerExchange ex, String name) {
        Deque<String> v = ex.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }
}
