package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.gossipcdn.transport.http.HttpTransport;
import org.junit.jupiter.api.Test;

/** Real node-app processes on loopback: replication, deletes, kill -9 and restart, auth, conflicts. */
class NodeClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static HttpResponse<byte[]> put(NodeProcess node, UUID key, byte[] body, String query) throws IOException {
        return node.sendWrite(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key + query))
                .header("Content-Type", "application/x-test").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static long aliveMembers(NodeProcess node) throws IOException {
        JsonNode members = JSON.readTree(node.get("/v1/cluster/members").body());
        long n = 0;
        for (JsonNode m : members) {
            if (m.get("status").asText().equals("alive")) {
                n++;
            }
        }
        return n;
    }

    private static void awaitMembership(LocalCluster c, int n) {
        await("every node sees " + n + " alive members").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (NodeProcess p : c.nodes) {
                        if (p.isAlive() && aliveMembers(p) != n) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    @Test
    void aBlobPutAtOneNodeIsServedByteIdenticalByAllFiveAndADeleteReachesAll() throws Exception {
        try (LocalCluster c = new LocalCluster(5, List.of()).start()) {
            awaitMembership(c, 5);
            UUID key = UUID.randomUUID();
            byte[] body = bytes(100_000, 1);
            HttpResponse<byte[]> created = put(c.node(0), key, body, "");
            assertThat(created.statusCode()).isEqualTo(201);
            long start = System.nanoTime();
            for (NodeProcess p : c.nodes) {
                await("node " + p.port + " serves the blob").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                        .until(() -> p.get("/v1/blobs/" + key).statusCode() == 200);
                HttpResponse<byte[]> got = p.get("/v1/blobs/" + key);
                assertThat(got.body()).isEqualTo(body);
                assertThat(got.headers().firstValue("content-type")).contains("application/x-test");
                assertThat(got.headers().firstValue("etag")).isEqualTo(created.headers().firstValue("etag"));
            }
            System.out.printf("5-node spread of a 100 kB blob: all serving after %d ms%n", (System.nanoTime() - start) / 1_000_000);
            HttpResponse<byte[]> deleted = c.node(1).sendWrite(HttpRequest.newBuilder(c.node(1).uri("/v1/blobs/" + key)).DELETE());
            assertThat(deleted.statusCode()).isEqualTo(204);
            for (NodeProcess p : c.nodes) {
                await("node " + p.port + " answers 404").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                        .until(() -> p.get("/v1/blobs/" + key).statusCode() == 404);
            }
        }
    }

    @Test
    void aKilledNodeIsMarkedDeadKeepsWhatItAcknowledgedAndCatchesUpAfterRestart() throws Exception {
        try (LocalCluster c = new LocalCluster(3, List.of()).start()) {
            awaitMembership(c, 3);
            NodeProcess victim = c.node(2);
            List<UUID> acknowledged = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UUID key = UUID.randomUUID();
                assertThat(put(victim, key, bytes(1000, i), "").statusCode()).isEqualTo(201);
                acknowledged.add(key);
            }
            victim.kill9();
            await("the others mark the killed node dead").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> aliveMembers(c.node(0)) == 2 && aliveMembers(c.node(1)) == 2);
            List<UUID> missed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID key = UUID.randomUUID();
                assertThat(put(c.node(0), key, bytes(1000, 100 + i), "").statusCode()).isEqualTo(201);
                missed.add(key);
            }
            victim.start();
            for (UUID key : acknowledged) {
                assertThat(victim.get("/v1/blobs/" + key).statusCode()).as("acknowledged %s survives kill -9", key).isEqualTo(200);
            }
            for (UUID key : missed) {
                await("the restarted node catches up on " + key).atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                        .until(() -> victim.get("/v1/blobs/" + key).statusCode() == 200);
            }
            awaitMembership(c, 3);
        }
    }

    @Test
    void gossipSignedWithAWrongClusterKeyIsRefusedAndChangesNothing() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of("--cluster-key", "the right key, long enough")).start()) {
            UUID key = UUID.randomUUID();
            BlobRecord forged = BlobRecord.tombstone(key, new Version(new Hlc(System.currentTimeMillis(), 0), new NodeId(1, 1)),
                    CausalContext.EMPTY);
            try (HttpTransport wrong = new HttpTransport(new ClusterAuth("gcdn", Optional.of("a wrong key, long enough"),
                    Duration.ofSeconds(60)), new GossipJson(), HttpTransport.Config.defaults())) {
                CompletableFuture<?> call = wrong.request(Address.parse(c.node(0).address()),
                        new Rumor(new Address("127.0.0.1", 1), List.of(forged), List.of()));
                Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> call.get(10, TimeUnit.SECONDS));
                assertThat(refused).isInstanceOf(ExecutionException.class);
                assertThat(((HttpTransport.GossipCallException) refused.getCause()).status()).isEqualTo(401);
            }
            JsonNode status = JSON.readTree(c.node(0).get("/v1/status").body());
            assertThat(status.get("keys").asLong()).isZero();
            assertThat(c.node(0).get("/v1/blobs/" + key + "/versions").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void concurrentConflictingPutsEndWithEveryNodeServingTheSameHighestVersion() throws Exception {
        try (LocalCluster c = new LocalCluster(3, List.of()).start()) {
            awaitMembership(c, 3);
            UUID key = UUID.randomUUID();
            List<CompletableFuture<HttpResponse<byte[]>>> writes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                NodeProcess p = c.node(i);
                byte[] body = ("version from node " + i).getBytes();
                writes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return put(p, key, body, "");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            List<String> versions = new ArrayList<>();
            for (var w : writes) {
                HttpResponse<byte[]> r = w.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isIn(200, 201);
                versions.add(r.headers().firstValue("x-gossip-version").orElseThrow());
            }
            String highest = versions.stream().max((a, b) -> Version.parse(a).compareTo(Version.parse(b))).orElseThrow();
            await("all nodes serve the highest version").atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> {
                Set<String> served = new HashSet<>();
                for (NodeProcess p : c.nodes) {
                    served.add(p.get("/v1/blobs/" + key).headers().firstValue("x-gossip-version").orElse("none"));
                }
                return served.equals(Set.of(highest));
            });
            JsonNode v = JSON.readTree(c.node(0).get("/v1/blobs/" + key + "/versions").body());
            assertThat(v.get("winner").get("version").asText()).isEqualTo(highest);
            int listed = 1 + v.get("losers").size();
            assertThat(listed).as("winner + kept losers never exceed the writes").isBetween(1, 3);
            for (JsonNode loser : v.get("losers")) {
                assertThat(c.node(0).get(loser.get("content").asText()).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void badRequestsGetProblemDetails() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of("--max-blob-size", "1MiB")).start()) {
            NodeProcess n = c.node(0);
            assertThat(n.get("/v1/blobs/nope").statusCode()).isEqualTo(400);
            assertThat(n.get("/v1/blobs/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
            HttpResponse<byte[]> tooLarge = put(n, UUID.randomUUID(), new byte[2 << 20], "");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.headers().firstValue("content-type")).contains("application/problem+json");
            HttpResponse<byte[]> patch = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + UUID.randomUUID()))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            assertThat(patch.statusCode()).isEqualTo(405);
            UUID key = UUID.randomUUID();
            HttpResponse<byte[]> created = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("If-None-Match", "*")
                    .PUT(HttpRequest.BodyPublishers.ofString("a")));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("If-None-Match", "*")
                    .PUT(HttpRequest.BodyPublishers.ofString("b"))).statusCode()).isEqualTo(412);
            String etag = created.headers().firstValue("etag").orElseThrow();
            assertThat(n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("If-Match", "\"" + Sha256.EMPTY + "\"")
                    .PUT(HttpRequest.BodyPublishers.ofString("c"))).statusCode()).isEqualTo(412);
            assertThat(n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofString("d"))).statusCode()).isEqualTo(200);
            assertThat(n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("If-None-Match", etag).GET())
                    .statusCode()).as("old etag no longer matches").isEqualTo(200);
            HttpResponse<byte[]> posted = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs")).POST(HttpRequest.BodyPublishers.ofString("p")));
            assertThat(posted.statusCode()).isEqualTo(201);
            assertThat(n.get(posted.headers().firstValue("location").orElseThrow()).body()).isEqualTo("p".getBytes());
            assertThat(n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).header("Range", "bytes=5-9").GET()).statusCode())
                    .isEqualTo(416);
            assertThat(n.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(new String(n.get("/").body())).contains("Gossip CDN node");
        }
    }
}
