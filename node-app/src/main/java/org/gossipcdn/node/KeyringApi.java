package org.gossipcdn.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.Keyring;
import org.gossipcdn.transport.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/cluster/keyring}: lists this node's cluster keys (GET) and changes them (POST
 * {@code {"install": KEY}}, {@code {"use": FINGERPRINT}} or {@code {"remove": FINGERPRINT}}).
 * Every call must be signed like gossip, with a key of the ring; while the ring is empty (a node
 * started with {@code --insecure-open-cluster}) only a caller on loopback that presents the one-time
 * {@link KeyringToken} in {@value #TOKEN_HEADER} may install the first key. A request a browser sends
 * for another site's page (an {@code Origin} that is not this node's, or {@code Sec-Fetch-Site:
 * cross-site}) is refused with 403, and a change whose body is not declared {@code application/json}
 * with 415, so a web page cannot send one without a CORS preflight, which this node never grants.
 * {@code gcdn keyring} is the client.
 */
final class KeyringApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KeyringApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String TOKEN_HEADER = "X-Gcdn-Keyring-Token";

    private final ClusterAuth auth;
    private final Optional<KeyringToken> firstKeyToken;
    private final Set<String> ownOrigins;

    /**
     * @param firstKeyToken the token that installs the first key, present when the node started without one
     * @param ownOrigins the origins of this node's own pages ({@code http://127.0.0.1:7001}, ...): the only ones accepted
     */
    KeyringApi(ClusterAuth auth, Optional<KeyringToken> firstKeyToken, Set<String> ownOrigins) {
        this.auth = auth;
        this.firstKeyToken = firstKeyToken;
        this.ownOrigins = Set.copyOf(ownOrigins);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, POST");
            Problem.send(ex, 405, "Method Not Allowed", "use GET to list keys, POST to change them");
            return;
        }
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null && !ownOrigins.contains(origin.trim().toLowerCase(Locale.ROOT))
                || "cross-site".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
            LOG.warn("keyring: refused a cross-origin request from {} (Origin {})", ex.getSourceAddress(), origin);
            Problem.send(ex, 403, "Forbidden", "cross-origin requests may not read or change the keyring");
            return;
        }
        if (ex.getRequestMethod().equals(Methods.POST) && !isJson(ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            Problem.send(ex, 415, "Unsupported Media Type", "a keyring change must be sent as Content-Type: application/json");
            return;
        }
        ex.setMaxEntitySize(4096);
        ex.getRequestReceiver().receiveFullBytes((e, body) -> handle(e, body),
                (e, error) -> Problem.send(e, 400, "Bad Request", "could not read the body: " + error.getMessage()));
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
    }

    private void handle(HttpServerExchange ex, byte[] body) {
        Keyring ring = auth.keyring();
        boolean first = ring.isEmpty();
        if (first) {
            if (!(ex.getSourceAddress() instanceof InetSocketAddress a) || !a.getAddress().isLoopbackAddress()) {
                Problem.send(ex, 403, "Forbidden", "this node has no cluster key; only a caller on its own host may install one");
                return;
            }
            if (ex.getRequestMethod().equals(Methods.POST)
                    && !firstKeyToken.map(t -> t.matches(ex.getRequestHeaders().getFirst(TOKEN_HEADER))).orElse(false)) {
                Problem.send(ex, 403, "Forbidden", "this node has no cluster key; installing the first one needs the one-time "
                        + "token from its data dir (" + TOKEN_HEADER + "; gcdn keyring install KEY --token-file DATA_DIR/"
                        + KeyringToken.FILE + ")");
                return;
            }
        } else {
            ClusterAuth.Verdict v = auth.verify(ex.getRequestMethod().toString(), ex.getRequestPath(),
                    ex.getRequestHeaders()::getFirst, body, System.currentTimeMillis());
            if (!v.ok()) {
                Problem.send(ex, v.status(), v.status() == 403 ? "Forbidden" : "Unauthorized", v.reason());
                return;
            }
        }
        if (ex.getRequestMethod().equals(Methods.POST)) {
            try {
                JsonNode change = JSON.readTree(body);
                if (change.hasNonNull("install")) {
                    Keyring.Entry e = ring.install(change.get("install").asText());
                    LOG.info("keyring: installed key {}", e.fingerprint());
                    if (first) {
                        firstKeyToken.ifPresent(KeyringToken::spend);
                        LOG.info("keyring: the first cluster key is installed; gossip now needs it (the cluster is no longer open)");
                    }
                } else if (change.hasNonNull("use")) {
                    ring.use(change.get("use").asText());
                    LOG.info("keyring: key {} signs from now on", change.get("use").asText());
                } else if (change.hasNonNull("remove")) {
                    ring.remove(change.get("remove").asText());
                    LOG.info("keyring: removed key {}", change.get("remove").asText());
                } else {
                    Problem.send(ex, 400, "Bad Request", "send {\"install\": KEY}, {\"use\": FINGERPRINT} or {\"remove\": FINGERPRINT}");
                    return;
                }
            } catch (IOException | IllegalArgumentException e) {
                Problem.send(ex, 400, "Bad Request", e.getMessage());
                return;
            }
        }
        List<Map<String, Object>> keys = ring.list().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", k.fingerprint());
            m.put("primary", k.primary());
            return m;
        }).toList();
        Json.send(ex, 200, keys);
    }
}
