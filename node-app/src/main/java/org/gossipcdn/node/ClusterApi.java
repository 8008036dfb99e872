package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.NodeStatus;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code GET /v1/cluster/members}, {@code GET /v1/health}, {@code GET /v1/status} (this node's view:
 * members, keys, digest root — equal roots everywhere mean the network has converged),
 * and {@code GET /metrics} (Prometheus text). The page at {@code /} is the {@link Dashboard}.
 */
final class ClusterApi implements HttpHandler {

    static final String OPEN_CLUSTER_WARNING = "insecure open cluster: this node has no cluster key, so any host that "
            + "reaches it can gossip and replace or delete every unowned blob";


    private final GossipNode node;
    private final NodeMetrics metrics;
    private final String version;
    private final BooleanSupplier openCluster;
    private final java.util.function.Supplier<Map<String, Object>> details;

    /** @param openCluster true while the node has no cluster key (started with --insecure-open-cluster) */
    ClusterApi(GossipNode node, NodeMetrics metrics, String version, BooleanSupplier openCluster) {
        this(node, metrics, version, openCluster, Map::of);
    }

    /** @param details more of this node's status (disk, recent activity), added to {@code /v1/status} */
    ClusterApi(GossipNode node, NodeMetrics metrics, String version, BooleanSupplier openCluster,
            java.util.function.Supplier<Map<String, Object>> details) {
        this.details = details;
        this.node = node;
        this.metrics = metrics;
        this.version = version;
        this.openCluster = openCluster;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            Problem.send(ex, 405, "Method Not Allowed", "read-only resource; use GET");
            return;
        }
        switch (ex.getRequestPath()) {
            case "/v1/cluster/members" -> Json.send(ex, 200, node.members().get(5, TimeUnit.SECONDS).stream()
                    .map(Json::member).toList());
            case "/v1/health", "/v1/status" -> Json.send(ex, 200, statusBody());
            case "/metrics" -> {
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                ex.getResponseSender().send(metrics.scrape());
            }
            default -> Problem.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath());
        }
    }

    /** What {@code /v1/status} answers: this node's view, its trust warnings and {@code details}. */
    Map<String, Object> statusBody() {
        Map<String, Object> body;
        try {
            body = status(node.status().get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the node loop for its status", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the node loop did not answer a status request: " + e, e);
        }
        body.put("version", version);
        body.put("openCluster", openCluster.getAsBoolean());
        if (openCluster.getAsBoolean()) {
            body.put("warning", OPEN_CLUSTER_WARNING);
        }
        body.put("untrustedRecords", metrics.untrustedBySender());
        body.put("unauthorizedGossip", metrics.unauthorizedGossip());
        body.putAll(details.get());
        return body;
    }

    static Map<String, Object> status(NodeStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("node", s.self().id().toString());
        m.put("address", s.self().address().toString());
        m.put("incarnation", s.self().incarnation());
        m.put("members", s.liveMembers());
        m.put("keys", s.keys());
        m.put("digestRoot", s.digestRoot().toString());
        m.put("resyncing", s.resyncing());
        m.put("queuedRumors", s.queuedRumors());
        m.put("replicas", s.replicas());
        m.put("capacity", s.self().capacity());
        Map<String, Object> placement = new LinkedHashMap<>();
        placement.put("heldBytes", s.placement().heldBytes());
        placement.put("underReplicated", s.placement().underReplicated());
        placement.put("backlog", s.placement().backlog());
        placement.put("bytesFetched", s.placement().bytesFetched());
        placement.put("copiesReleased", s.placement().copiesReleased());
        placement.put("passes", s.placement().passes());
        placement.put("inFlight", s.placement().inFlight());
        m.put("placement", placement);
        return m;
    }
}
