package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What clients and operators see of a network (issue 15): the key listing, the event stream with a
 * conflict made by two concurrent writes at two nodes, and the request metrics, on two real nodes.
 */
class NetworkViewIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        cluster = new LocalCluster(2, List.of()).start();
        await("two members each").atMost(Duration.ofSeconds(30)).until(() -> cluster.nodes.stream()
                .allMatch(n -> status(n).path("members").asInt() == 2));
    }

    @AfterAll
    static void stop() throws IOException {
        cluster.close();
    }

    private static JsonNode status(NodeProcess n) {
        try {
            return JSON.readTree(n.get("/v1/status").body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static CompletableFuture<HttpResponse<byte[]>> putAsync(NodeProcess n, UUID key, String body) {
        return NodeProcess.HTTP.sendAsync(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Follows GET /v1/events on {@code n}, collecting each event's data as JSON, until closed. */
    private static final class EventClient implements AutoCloseable {
        final ConcurrentLinkedQueue<JsonNode> events = new ConcurrentLinkedQueue<>();
        private final InputStream body;

        EventClient(NodeProcess n, String query) throws Exception {
            HttpResponse<InputStream> r = NodeProcess.HTTP.send(HttpRequest.newBuilder(n.uri("/v1/events" + query))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            body = r.body();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            events.add(JSON.readTree(line.substring(5).trim()));
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the stream
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        Optional<JsonNode> find(String type, UUID key) {
            return events.stream().filter(e -> e.path("type").asText().equals(type) && e.path("key").asText().equals(key.toString()))
                    .findFirst();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    @Test
    void anEventClientSeesTheConflictOfTwoConcurrentWritesAtTwoNodes() throws Exception {
        NodeProcess a = cluster.node(0);
        NodeProcess b = cluster.node(1);
        try (EventClient all = new EventClient(a, ""); EventClient one = new EventClient(b, "")) {
            UUID conflicted = null;
            for (int attempt = 0; attempt < 20 && conflicted == null; attempt++) {
                UUID key = UUID.randomUUID();
                // both nodes take a write of the key before either hears of the other's: two concurrent versions
                CompletableFuture<HttpResponse<byte[]>> atA = putAsync(a, key, "from a");
                CompletableFuture<HttpResponse<byte[]>> atB = putAsync(b, key, "from b");
                assertThat(atA.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 201);
                assertThat(atB.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 201);
                await("both versions at a").atMost(Duration.ofSeconds(20)).until(() -> {
                    JsonNode v = JSON.readTree(a.get("/v1/blobs/" + key + "/versions").body());
                    return v.path("winner").path("version").asText().equals(
                            JSON.readTree(b.get("/v1/blobs/" + key + "/versions").body()).path("winner").path("version").asText());
                });
                if (!JSON.readTree(a.get("/v1/blobs/" + key + "/versions").body()).path("losers").isEmpty()) {
                    conflicted = key; // else one write had seen the other: no conflict this time, so try again
                }
            }
            assertThat(conflicted).as("two concurrent writes made a conflict within 20 attempts").isNotNull();
            UUID key = conflicted;
            JsonNode versions = JSON.readTree(a.get("/v1/blobs/" + key + "/versions").body());
            JsonNode conflict = await("the conflict event at a").atMost(Duration.ofSeconds(20))
                    .until(() -> all.find("conflict", key), Optional::isPresent).orElseThrow();
            assertThat(conflict.path("winner").path("version").asText()).isEqualTo(versions.path("winner").path("version").asText());
            assertThat(conflict.path("loser").path("version").asText()).isEqualTo(versions.path("losers").get(0).path("version").asText());
            assertThat(all.find("committed", key)).isPresent();
            await("the conflict event at b").atMost(Duration.ofSeconds(20)).until(() -> one.find("conflict", key), Optional::isPresent);
        }
    }

    @Test
    void aKeyFilterKeepsOnlyThatKeysEventsIncludingItsDelete() throws Exception {
        NodeProcess a = cluster.node(0);
        UUID followed = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (EventClient only = new EventClient(a, "?key=" + followed)) {
            assertThat(putAsync(a, other, "not this one").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(putAsync(a, followed, "this one").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            assertThat(a.send(HttpRequest.newBuilder(a.uri("/v1/blobs/" + followed)).DELETE()).statusCode()).isEqualTo(204);
            await("the delete event").atMost(Duration.ofSeconds(20)).until(() -> only.find("deleted", followed), Optional::isPresent);
            assertThat(only.find("committed", followed)).isPresent();
            assertThat(only.events).allSatisfy(e -> assertThat(e.path("key").asText()).isEqualTo(followed.toString()));
        }
        assertThat(a.get("/v1/events?key=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void listingPagesThroughTenThousandKeysWhileWritesGoOnWithNoKeyMissedOrRepeated() throws Exception {
        NodeProcess a = cluster.node(0);
        Set<UUID> written = writeMany(a, 10_000);
        AtomicBoolean paging = new AtomicBoolean(true);
        CountDownLatch writing = new CountDownLatch(1);
        AtomicInteger during = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (paging.get()) {
                try {
                    int code = putAsync(a, UUID.randomUUID(), "meanwhile").get(30, TimeUnit.SECONDS).statusCode();
                    if (code == 201) {
                        during.incrementAndGet();
                    }
                } catch (Exception e) {
                    return;
                }
                writing.countDown();
            }
        }, "writer");
        writer.start();
        List<UUID> seen = new ArrayList<>();
        try {
            writing.await(30, TimeUnit.SECONDS);
            String after = null;
            do {
                HttpResponse<byte[]> r = a.get("/v1/blobs?limit=1000" + (after == null ? "" : "&after=" + after));
                assertThat(r.statusCode()).as("page after %s: %s", after, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                JsonNode page = JSON.readTree(r.body());
                assertThat(page.path("blobs").size()).isLessThanOrEqualTo(1000);
                page.path("blobs").forEach(b -> seen.add(UUID.fromString(b.path("key").asText())));
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (after != null);
        } finally {
            paging.set(false);
            writer.join(30_000);
        }
        assertThat(during.get()).as("writes while paging").isPositive();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).extracting(UUID::toString).isSorted();
        assertThat(new HashSet<>(seen)).containsAll(written);
        assertThat(a.get("/v1/blobs?limit=1001").statusCode()).isEqualTo(400);
        assertThat(a.get("/v1/blobs?after=nonsense").statusCode()).isEqualTo(400);
    }

    /** Writes {@code n} small blobs at {@code node}, 32 at a time. */
    private static Set<UUID> writeMany(NodeProcess node, int n) throws Exception {
        Set<UUID> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID key = UUID.randomUUID();
            inFlight.acquire();
            all.add(putAsync(node, key, "blob " + i).whenComplete((r, e) -> {
                inFlight.release();
                if (e == null && r.statusCode() == 201) {
                    keys.add(key);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        assertThat(keys).hasSize(n);
        return keys;
    }

    @Test
    void metricsHaveRouteLatencyHistogramsStatusCountsMembersByStateAndPropagationLag() throws Exception {
        NodeProcess a = cluster.node(0);
        NodeProcess b = cluster.node(1);
        UUID key = UUID.randomUUID();
        assertThat(putAsync(b, key, "lag").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        await("the write at a").atMost(Duration.ofSeconds(20)).until(() -> a.get("/v1/blobs/" + key).statusCode() == 200);
        a.get("/v1/blobs/" + UUID.randomUUID()); // a 404
        // The fast profile may suspect b for a moment on a loaded machine (b then refutes), and again between two
        // scrapes: judge one scrape taken while both are alive.
        AtomicReference<String> scrape = new AtomicReference<>();
        await("both members alive in a's metrics").atMost(Duration.ofSeconds(60)).until(() -> {
            scrape.set(new String(a.get("/metrics").body(), StandardCharsets.UTF_8));
            return scrape.get().contains("gcdn_members{state=\"alive\"} 2.0");
        });
        String metrics = scrape.get();
        assertThat(metrics)
                .contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/v1/blobs/{key}\"")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/v1/blobs/{key}\"}")
                .contains("gcdn_members{state=\"alive\"} 2.0")
                .contains("gcdn_members{state=\"dead\"} 0.0")
                .contains("# TYPE gcdn_gossip_unauthorized_requests_total counter")
                .contains("# TYPE gcdn_propagation_lag_seconds histogram")
                .contains("gcdn_disk_bytes{kind=\"wal\"}")
                .doesNotContain("uri=\"/v1/blobs/" + key);
        assertThat(metrics.lines().filter(l -> l.startsWith("gcdn_propagation_lag_seconds_count")).findFirst().orElseThrow())
                .doesNotEndWith(" 0");
    }
}
