package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code GET /v1/blobs/{uuid}/receipt}: which version of the key this node holds, and since when
 * ({@code committedAt}, this node's clock, null when it is not known: committed before this process
 * started, or longer ago than the last {@value RecentCommits#CAPACITY} changed keys). {@code gcdn stat}
 * asks every node for it to show where a version has arrived. Every other request goes to {@code next}.
 */
final class Receipts implements HttpHandler {

    private static final Pattern RECEIPT = Pattern.compile(
            "/v1/blobs/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/receipt");

    private final GossipNode node;
    private final RecentCommits commits;
    private final String address;
    private final HttpHandler next;

    Receipts(GossipNode node, RecentCommits commits, String address, HttpHandler next) {
        this.node = node;
        this.commits = commits;
        this.address = address;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        var m = RECEIPT.matcher(ex.getRequestPath());
        if (!m.matches() || !ex.getRequestMethod().equals(Methods.GET)) {
            next.handleRequest(ex);
            return;
        }
        UUID key = UUID.fromString(m.group(1));
        Optional<KeyState> state = node.read(key);
        if (state.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no blob " + key + " at this node");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key.toString());
        body.put("node", node.id().toString());
        body.put("address", address);
        body.put("version", state.get().winner().version().toString());
        body.put("deleted", state.get().isDeleted());
        Optional<RecentCommits.Commit> c = commits.of(key).filter(x -> x.version().equals(state.get().winner().version()));
        body.put("committedAt", c.map(RecentCommits.Commit::atMillis).orElse(null));
        Json.send(ex, 200, body);
    }
}
