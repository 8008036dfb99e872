package org.gossipcdn.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.node.Json;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code POST /v1/registry/nodes} (register or heartbeat: {@code {"id": "...", "address": "host:port"}}),
 * {@code GET /v1/registry/nodes?limit=k} (a random sample of live data nodes), and the bootstrap's
 * {@code /v1/health} and {@code /v1/cluster/members}. Runs on worker threads.
 */
final class RegistryApi implements HttpHandler {

    private static final int MAX_BODY = 4096;
    private static final int DEFAULT_LIMIT = 5;

    private final Registry registry;
    private final GossipNode node;
    private final ClusterAuth auth;
    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random();

    /** @param auth the cluster's key: with one, registrations and samples must be signed with it like gossip */
    RegistryApi(Registry registry, GossipNode node, ClusterAuth auth) {
        this.registry = registry;
        this.node = node;
        this.auth = auth;
    }

    /** Checks the cluster MAC of a registry call when the network has a key; answers and returns false if it fails. */
    private boolean authorized(HttpServerExchange ex, byte[] body) {
        if (!auth.hasKey()) {
            return true;
        }
        ClusterAuth.Verdict v = auth.verify(ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getRequestHeaders()::getFirst, body, System.currentTimeMillis());
        if (!v.ok()) {
            if (v.status() == 401) {
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Gossip-HMAC");
            }
            Problem.send(ex, v.status(), v.status() == 403 ? "Forbidden" : "Unauthorized",
                    "registry calls are signed with the cluster key like gossip: " + v.reason());
            return false;
        }
        return true;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        switch (ex.getRequestPath()) {
            case "/v1/registry/nodes" -> {
                if (ex.getRequestMethod().equals(Methods.GET)) {
                    sample(ex);
                } else if (ex.getRequestMethod().equals(Methods.POST)) {
                    register(ex);
                } else {
                    ex.getResponseHeaders().put(Headers.ALLOW, "GET, POST");
                    Problem.send(ex, 405, "Method Not Allowed", "use GET for a sample, POST to register");
                }
            }
            case "/v1/health", "/v1/status" -> Json.send(ex, 200, Map.of("status", "ok", "role", "bootstrap",
                    "node", node.id().toString(), "registered", registry.size(),
                    "members", node.status().get(5, TimeUnit.SECONDS).liveMembers()));
            case "/v1/cluster/members" -> Json.send(ex, 200,
                    node.members().get(5, TimeUnit.SECONDS).stream().map(Json::member).toList());
            default -> Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath()
                    + "; this is a bootstrap registry, not a data node");
        }
    }

    private void sample(HttpServerExchange ex) {
        if (!authorized(ex, new byte[0])) {
            return;
        }
        int limit = DEFAULT_LIMIT;
        Deque<String> given = ex.getQueryParameters().get("limit");
        if (given != null && !given.isEmpty()) {
            try {
                limit = Integer.parseInt(given.getFirst());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                Problem.send(ex, 400, "Bad Request", "limit must be a whole number from 1 to 1000");
                return;
            }
        }
        List<Map<String, String>> out = registry.sample(limit, random).stream()
                .map(e -> Map.of("id", e.id(), "address", e.address())).toList();
        Json.send(ex, 200, out);
    }

    private void register(HttpServerExchange ex) throws IOException {
        if (ex.getRequestContentLength() > MAX_BODY) {
            Problem.send(ex, 413, "Content Too Large", "a registration is at most " + MAX_BODY + " bytes");
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                Problem.send(ex, 413, "Content Too Large", "a registration is at most " + MAX_BODY + " bytes");
                return;
            }
            if (!authorized(ex, bytes)) {
                return;
            }
            body = json.readTree(bytes);
        } catch (IOException e) {
            Problem.send(ex, 400, "Bad Request", "body must be JSON {\"id\": \"<32 hex>\", \"address\": \"host:port\"}");
            return;
        }
        NodeId id;
        Address address;
        try {
            id = NodeId.parse(body.path("id").asText(""));
            address = Address.parse(body.path("address").asText(""));
        } catch (IllegalArgumentException e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        String sender = ex.getRequestHeaders().getFirst(ClusterAuth.HEADER_SENDER);
        if (auth.hasKey() && !address.toString().equals(sender)) {
            Problem.send(ex, 403, "Forbidden", "a node registers its own address: the signed sender is " + sender);
            return;
        }
        registry.register(id, address);
        node.join(List.of(address));
        ex.setStatusCode(204);
        ex.endExchange();
    }
}
