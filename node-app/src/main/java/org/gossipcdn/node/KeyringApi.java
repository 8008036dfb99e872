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
import java.util.Map;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.Keyring;
import org.gossipcdn.transport.http.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/cluster/keyring}: lists this node's cluster keys (GET) and changes them (POST
 * {@code {"install": KEY}}, {@code {"use": FINGERPRINT}} or {@code {"remove": FINGERPRINT}}).
 * Every call must be signed like gossip, with a key of the ring; while the ring is empty (an open
 * cluster) only callers on loopback may install the first key. {@code gcdn keyring} is the client.
 */
final class KeyringApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KeyringApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterAuth auth;

    KeyringApi(ClusterAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, POST");
            Problem.send(ex, 405, "Method Not Allowed", "use GET to list keys, POST to change them");
            return;
        }
        ex.setMaxEntitySize(4096);
        ex.getRequestReceiver().receiveFullBytes((e, body) -> handle(e, body),
                (e, error) -> Problem.send(e, 400, "Bad Request", "could not read the body: " + error.getMessage()));
    }

    private void handle(HttpServerExchange ex, byte[] body) {
        Keyring ring = auth.keyring();
        if (ring.isEmpty()) {
            if (!(ex.getSourceAddress() instanceof InetSocketAddress a) || !a.getAddress().isLoopbackAddress()) {
                Problem.send(ex, 403, "Forbidden", "this node has no cluster key; only a caller on its own host may install one");
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
