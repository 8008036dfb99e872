package org.gossipcdn.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;

/**
 * {@code GET /v1/cluster/overview}: what the dashboard shows, in one answer. This node's member
 * list; every live data member's own {@code /v1/status} (keys, digest root, disk), asked by this
 * node in parallel with a short timeout, so a browser that reaches one node sees them all side by
 * side; whether they agree; this node's propagation-lag histogram and its conflicts and untrusted
 * records per minute over the last hour. Blocking (worker thread).
 */
final class ClusterOverview implements HttpHandler {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GossipNode node;
    private final Supplier<Map<String, Object>> ownStatus;
    private final PropagationLag lag;
    private final RecentActivity activity;
    private final HttpClient http;
    private final String scheme;

    ClusterOverview(GossipNode node, Supplier<Map<String, Object>> ownStatus, PropagationLag lag, RecentActivity activity,
            Optional<SSLContext> tls) {
        this.node = node;
        this.ownStatus = ownStatus;
        this.lag = lag;
        this.activity = activity;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT);
        tls.ifPresent(b::sslContext);
        this.http = b.build();
        this.scheme = tls.isPresent() ? "https://" : "http://";
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        List<Member> members = node.members().get(5, TimeUnit.SECONDS);
        Map<String, Object> self = ownStatus.get();
        List<CompletableFuture<Map<String, Object>>> asks = new ArrayList<>();
        for (Member m : members) {
            if (m.role() != Role.DATA || m.status() != MemberStatus.ALIVE) {
                continue;
            }
            if (m.id().equals(node.id())) {
                asks.add(CompletableFuture.completedFuture(self));
            } else {
                asks.add(ask(m));
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        for (CompletableFuture<Map<String, Object>> a : asks) {
            views.add(a.get(PEER_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", self.get("node"));
        body.put("address", self.get("address"));
        body.put("members", members.stream().map(Json::member).toList());
        body.put("views", views);
        body.put("converged", converged(members, views));
        body.put("propagationLagSeconds", lag.buckets());
        RecentActivity.Snapshot s = activity.snapshot();
        body.put("conflictsPerMinute", s.conflictsPerMinute());
        body.put("untrustedPerMinute", s.untrustedPerMinute());
        Json.send(ex, 200, body);
    }

    private CompletableFuture<Map<String, Object>> ask(Member m) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("node", m.id().toString());
        failed.put("address", m.address().toString());
        HttpRequest req = HttpRequest.newBuilder(URI.create(scheme + m.address() + "/v1/status")).timeout(PEER_TIMEOUT).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).<Map<String, Object>>thenApply(r -> {
            if (r.statusCode() != 200) {
                failed.put("error", "HTTP " + r.statusCode());
                return failed;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> view = JSON.readValue(r.body(), LinkedHashMap.class);
                return view;
            } catch (java.io.IOException e) {
                failed.put("error", "unreadable answer");
                return failed;
            }
        }).exceptionally(e -> {
            failed.put("error", "unreachable: " + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
            return failed;
        });
    }

    /** Every live data member answered, with one digest root and one member count, and none is suspect. */
    static boolean converged(List<Member> members, List<Map<String, Object>> views) {
        if (members.stream().anyMatch(m -> m.status() == MemberStatus.SUSPECT)) {
            return false;
        }
        return views.stream().noneMatch(v -> v.containsKey("error"))
                && views.stream().map(v -> v.get("digestRoot")).distinct().count() == 1
                && views.stream().map(v -> String.valueOf(v.get("members"))).distinct().count() == 1;
    }
}
