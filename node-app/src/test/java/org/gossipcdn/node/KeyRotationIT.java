package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.Keyring;
import org.junit.jupiter.api.Test;

/**
 * Rotating the cluster key of a running network (install everywhere, use everywhere, remove
 * everywhere) while clients keep writing: every acknowledged write reaches every node, and no
 * node refuses a single gossip request on the way.
 */
class KeyRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "the old cluster key, long enough";
    private static final String NEW = "the new cluster key, long enough";

    /** {@code gcdn keyring ACTION} as the CLI sends it: a JSON change, signed like gossip with {@code key}. */
    private static JsonNode keyring(NodeProcess node, String key, String action, String arg) throws IOException {
        byte[] body = JSON.createObjectNode().put(action, arg).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri("/v1/cluster/keyring"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        new ClusterAuth("gcdn", Optional.of(key), Duration.ofSeconds(60)).sign("POST", "/v1/cluster/keyring", body)
                .headers().forEach(request::header);
        HttpResponse<byte[]> r = node.send(request);
        assertThat(r.statusCode()).as("keyring %s on %s: %s", action, node.address(), new String(r.body())).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void rotatingTheClusterKeyUnderTrafficLosesNoGossip() throws Exception {
        try (LocalCluster c = new LocalCluster(3, List.of("--cluster-key", OLD)).start()) {
            await("three members everywhere").atMost(Duration.ofSeconds(30)).until(() -> {
                for (NodeProcess p : c.nodes) {
                    if (JSON.readTree(p.get("/v1/status").body()).get("members").asInt() != 3) {
                        return false;
                    }
                }
                return true;
            });
            List<UUID> written = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                Random random = new Random(7);
                while (writing.get()) {
                    NodeProcess at = c.node(random.nextInt(3));
                    UUID key = UUID.randomUUID();
                    try {
                        HttpResponse<byte[]> r = at.sendWrite(HttpRequest.newBuilder(at.uri("/v1/blobs/" + key))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(key.toString().getBytes())));
                        if (r.statusCode() == 201) {
                            written.add(key);
                        }
                        Thread.sleep(20);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            Thread.sleep(1000);
            for (NodeProcess p : c.nodes) {
                keyring(p, OLD, "install", NEW);
            }
            Thread.sleep(1000);
            for (NodeProcess p : c.nodes) {
                keyring(p, OLD, "use", Keyring.fingerprint(NEW));
            }
            Thread.sleep(1000);
            for (NodeProcess p : c.nodes) {
                JsonNode ring = keyring(p, NEW, "remove", Keyring.fingerprint(OLD));
                assertThat(ring).hasSize(1);
                assertThat(ring.get(0).get("fingerprint").asText()).isEqualTo(Keyring.fingerprint(NEW));
            }
            Thread.sleep(1000);
            writing.set(false);
            writer.get();
            assertThat(written).hasSizeGreaterThan(20);
            await("every acknowledged write on every node").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        for (NodeProcess p : c.nodes) {
                            for (UUID key : written) {
                                if (p.get("/v1/blobs/" + key).statusCode() != 200) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    });
            for (NodeProcess p : c.nodes) {
                assertThat(JSON.readTree(p.get("/v1/status").body()).get("unauthorizedGossip").asLong())
                        .as("gossip refused by %s during the rotation", p.address()).isZero();
            }
        }
    }
}
