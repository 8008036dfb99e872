package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code GET /v1/events}: what happens on this replica as Server-Sent Events, so a client follows
 * changes without polling. Each event is named by its {@code type} and its data is one JSON object
 * with that {@code type}: {@code committed} (a new winning version of {@code key}), {@code deleted},
 * {@code conflict} (a concurrent version of {@code key} newly kept beside the winner: {@code winner}
 * and {@code loser} name both), {@code untrusted} (a record dropped, from whom, why) and
 * {@code member} (a member changed state). {@code ?key=UUID} keeps only that key's events.
 *
 * <p>Events are encoded on the node loop and queued on each connection without blocking; at most
 * {@link #MAX_CLIENTS} clients are served at once, and a comment is sent every 15 s so proxies keep
 * an idle stream open. A client that reconnects gets only what happens from then on.
 */
final class EventStream implements Listener, HttpHandler {

    static final int MAX_CLIENTS = 64;
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String KEY_FILTER = "gcdn.key";

    private final ServerSentEventHandler sse = new ServerSentEventHandler((connection, lastEventId) -> {
        connection.setKeepAliveTime(15_000);
    });
    private final AtomicLong ids = new AtomicLong();

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (!ex.getRequestMethod().equals(Methods.GET)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET");
            Problem.send(ex, 405, "Method Not Allowed", "use GET with Accept: text/event-stream");
            return;
        }
        Deque<String> key = ex.getQueryParameters().get("key");
        if (key != null && !key.isEmpty() && !CANONICAL_UUID.matcher(key.getFirst()).matches()) {
            Problem.send(ex, 400, "Bad Request", "key must be a UUID in its canonical form");
            return;
        }
        if (sse.getConnections().size() >= MAX_CLIENTS) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            Problem.send(ex, 503, "Service Unavailable", "more than " + MAX_CLIENTS + " event streams open; retry shortly");
            return;
        }
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        sse.handleRequest(ex);
    }

    /** Ends every open stream (at shutdown: graceful stop would otherwise wait for them). */
    void closeAll() {
        sse.getConnections().forEach(ServerSentEventConnection::shutdown);
    }

    private static Optional<String> filter(ServerSentEventConnection c) {
        Deque<String> key = c.getQueryParameters().get("key");
        return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key.getFirst().toLowerCase(Locale.ROOT));
    }

    /** Sends to every client whose filter lets it through; {@code key} empty for events of no key. */
    private void publish(Optional<UUID> key, Map<String, Object> event) {
        if (sse.getConnections().isEmpty()) {
            return;
        }
        String data = Json.text(event);
        String type = (String) event.get("type");
        String id = Long.toString(ids.incrementAndGet());
        for (ServerSentEventConnection c : sse.getConnections()) {
            Optional<String> only = filter(c);
            if (only.isEmpty() || key.isPresent() && key.get().toString().equals(only.get())) {
                c.send(data, type, id, null);
            }
        }
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        return e;
    }

    @Override
    public void onRecordCommitted(KeyState before, KeyState after) {
        BlobRecord w = after.winner();
        Optional<UUID> key = Optional.of(after.key());
        if (before == null || !before.winner().equals(w)) {
            Map<String, Object> e = event(after.isDeleted() ? "deleted" : "committed");
            e.putAll(Json.record(w));
            e.put("concurrent", after.losers().size());
            publish(key, e);
        }
        for (BlobRecord loser : Conflicts.newlyKept(before, after)) {
            Map<String, Object> e = event("conflict");
            e.put("key", after.key().toString());
            e.put("winner", Json.record(w));
            e.put("loser", Json.record(loser));
            e.put("concurrent", after.losers().size());
            publish(key, e);
        }
    }

    @Override
    public void onUntrustedRecord(BlobRecord record, Address from, String reason) {
        Map<String, Object> e = event("untrusted");
        e.put("key", record.key().toString());
        e.put("version", record.version().toString());
        e.put("from", from.toString());
        e.put("reason", reason);
        publish(Optional.of(record.key()), e);
    }

    @Override
    public void onMemberChanged(Member previous, Member current) {
        Map<String, Object> e = event("member");
        e.putAll(Json.member(current));
        e.put("previous", previous == null ? null : previous.status().name().toLowerCase(Locale.ROOT));
        publish(Optional.empty(), e);
    }
}
