package org.gossipcdn.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.transport.http.ClusterAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the bootstrap registries: registers this node and heartbeats every 30 s
 * ({@code POST /v1/registry/nodes}), and asks each for a random sample of live nodes
 * ({@code GET /v1/registry/nodes?limit=k}) to join through. A bootstrap that does not answer is
 * skipped: a node that knows any member keeps working without one.
 */
final class BootstrapClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapClient.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final int SAMPLE = 5;

    private final NodeConfig config;
    private final GossipNode node;
    private final ClusterAuth auth;
    private final SeedResolver resolver;
    private static final String REGISTRY_PATH = "/v1/registry/nodes";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bootstrap-client");
        t.setDaemon(true);
        return t;
    });

    /** @param auth signs registrations and sample requests with the cluster key, as gossip is signed */
    BootstrapClient(NodeConfig config, GossipNode node, ClusterAuth auth, SeedResolver resolver) {
        this.resolver = resolver;
        this.config = config;
        this.node = node;
        this.auth = auth;
    }

    private HttpRequest.Builder signed(HttpRequest.Builder request, String method, byte[] body) {
        auth.sign(method, REGISTRY_PATH, Optional.of(config.advertise().toString()), body).headers().forEach(request::header);
        return request;
    }

    void start() {
        if (config.bootstraps().isEmpty()) {
            return;
        }
        timer.execute(this::registerAndJoin);
        timer.scheduleWithFixedDelay(this::register, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    private void registerAndJoin() {
        register();
        List<Address> sample = new ArrayList<>();
        for (Address b : bootstraps()) {
            try {
                HttpResponse<String> r = http.send(signed(HttpRequest.newBuilder(URI.create("http://" + b + REGISTRY_PATH + "?limit="
                        + SAMPLE)), "GET", new byte[0]).timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    for (JsonNode n : json.readTree(r.body())) {
                        Address a = Address.parse(n.get("address").asText());
                        if (!a.equals(config.advertise())) {
                            sample.add(a);
                        }
                    }
                }
            } catch (Exception e) {
                LOG.info("bootstrap {} did not give a sample: {}", b, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!sample.isEmpty()) {
            LOG.info("joining through {} nodes the bootstraps named: {}", sample.size(), sample);
            node.join(sample);
        }
    }

    /** Every address behind the configured bootstraps, now; a name that does not resolve stays as it is. */
    private List<Address> bootstraps() {
        List<Address> out = new ArrayList<>();
        for (Address b : config.bootstraps()) {
            List<Address> resolved = resolver.resolve(b);
            out.addAll(resolved.isEmpty() ? List.of(b) : resolved);
        }
        return out;
    }

    private void register() {
        byte[] body = ("{\"id\":\"" + node.id() + "\",\"address\":\"" + config.advertise() + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Address b : bootstraps()) {
            try {
                HttpResponse<Void> r = http.send(signed(HttpRequest.newBuilder(URI.create("http://" + b + REGISTRY_PATH)), "POST", body)
                        .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) {
                    LOG.info("bootstrap {} refused registration: HTTP {}", b, r.statusCode());
                }
            } catch (Exception e) {
                LOG.debug("bootstrap {} unreachable: {}", b, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
