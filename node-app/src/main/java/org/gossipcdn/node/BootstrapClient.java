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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bootstrap-client");
        t.setDaemon(true);
        return t;
    });

    BootstrapClient(NodeConfig config, GossipNode node) {
        this.config = config;
        this.node = node;
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
        for (Address b : config.bootstraps()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + b + "/v1/registry/nodes?limit=" + SAMPLE))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
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

    private void register() {
        String body = "{\"id\":\"" + node.id() + "\",\"address\":\"" + config.advertise() + "\"}";
        for (Address b : config.bootstraps()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + b + "/v1/registry/nodes"))
                        .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
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
