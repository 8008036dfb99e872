package org.gossipcdn.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Removal;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/cluster/members/{id}/remove} with {@code {"force": false}}: force-leave (proposal
 * 0019). Marks the member LEFT across the network at once, e.g. a dead node that will not come back,
 * so deletes stop waiting for it and operators can replace it without waiting for the dead-member
 * retention. {@code id} is the full node id or an unambiguous prefix of it (the short id). A live or
 * suspect member is refused (409) unless {@code force}. The request must be signed with the cluster
 * key like gossip ({@code gcdn members remove} does); a browser cannot send one (JSON body, no CORS).
 * Any other request under {@code /v1/cluster/members} goes to {@code next}.
 */
final class MemberAdminApi implements HttpHandler {

    static final String PREFIX = "/v1/cluster/members";
    private static final Logger LOG = LoggerFactory.getLogger(MemberAdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GossipNode node;
    private final ClusterAuth auth;
    private final HttpHandler next;

    MemberAdminApi(GossipNode node, ClusterAuth auth, HttpHandler next) {
        this.node = node;
        this.auth = auth;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        String path = ex.getRequestPath();
        if (!(path.startsWith(PREFIX + "/") && path.endsWith("/remove"))) {
            next.handleRequest(ex);
            return;
        }
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            Problem.send(ex, 405, "Method Not Allowed", "use POST with {\"force\": false} to remove a member");
            return;
        }
        String contentType = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType == null || !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            Problem.send(ex, 415, "Unsupported Media Type", "a removal must be sent as Content-Type: application/json");
            return;
        }
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        ex.setMaxEntitySize(1024);
        ex.getRequestReceiver().receiveFullBytes((e, body) -> e.dispatch(() -> handle(e, body)),
                (e, error) -> Problem.send(e, 400, "Bad Request", "could not read the body: " + error.getMessage()));
    }

    private void handle(HttpServerExchange ex, byte[] body) {
        ClusterAuth.Verdict v = auth.verify(ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getRequestHeaders()::getFirst, body, System.currentTimeMillis());
        if (!v.ok()) {
            Problem.send(ex, v.status(), v.status() == 403 ? "Forbidden" : "Unauthorized", v.reason());
            return;
        }
        boolean force;
        try {
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            force = request.path("force").asBoolean(false);
        } catch (IOException e) {
            Problem.send(ex, 400, "Bad Request", "the body must be JSON like {\"force\": false}: " + e.getMessage());
            return;
        }
        String given = ex.getRequestPath().substring(PREFIX.length() + 1, ex.getRequestPath().length() - "/remove".length())
                .toLowerCase(Locale.ROOT);
        try {
            List<Member> matches = node.members().get(5, TimeUnit.SECONDS).stream()
                    .filter(m -> !given.isEmpty() && m.id().toString().startsWith(given)).toList();
            if (matches.isEmpty()) {
                Problem.send(ex, 404, "Not Found", "no member whose id starts with '" + given + "' (see gcdn members)");
                return;
            }
            if (matches.size() > 1) {
                Problem.send(ex, 409, "Conflict", matches.size() + " members' ids start with '" + given + "'; give more digits");
                return;
            }
            Member member = matches.get(0);
            Removal outcome = node.remove(member.id(), force).get(5, TimeUnit.SECONDS);
            switch (outcome) {
                case REMOVED, ALREADY_LEFT -> {
                    LOG.info("member {} at {} {} on request of {}{}", member.id().shortId(), member.address(),
                            outcome == Removal.REMOVED ? "removed (force-leave)" : "had left already", ex.getSourceAddress(),
                            force ? " (--force)" : "");
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("id", member.id().toString());
                    answer.put("address", member.address().toString());
                    answer.put("was", member.status().name().toLowerCase(Locale.ROOT));
                    answer.put("status", "left");
                    answer.put("outcome", outcome == Removal.REMOVED ? "removed" : "already-left");
                    Json.send(ex, 200, answer);
                }
                case SELF -> Problem.send(ex, 409, "Conflict", "a node does not remove itself: stop it (it leaves "
                        + "gracefully), or ask another node to remove it once it is dead");
                case REFUSED_LIVE -> Problem.send(ex, 409, "Conflict", "member " + member.id().shortId() + " at "
                        + member.address() + " is " + member.status().name().toLowerCase(Locale.ROOT) + ": remove only a dead "
                        + "member, or force it (it will refute, re-sync pull-first and come back unless it is stopped)");
                case UNKNOWN -> Problem.send(ex, 404, "Not Found", "member " + member.id().shortId() + " is no longer known");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Problem.send(ex, 503, "Service Unavailable", "interrupted");
        } catch (Exception e) {
            Problem.send(ex, 503, "Service Unavailable", "the node's loop did not answer: " + e);
        }
    }
}
