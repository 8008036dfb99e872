package org.gossipcdn.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.gossipcdn.node.NodeProcess;
import org.gossipcdn.transport.http.ClusterAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real bootstrap process and real nodes on loopback: join through it, survive its restart and its absence. */
class BootstrapIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private final List<NodeProcess> started = new ArrayList<>();
    private Path dir;
    private int bootstrapPort;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("gcdn-bootstrap-it-");
        bootstrapPort = NodeProcess.freePort();
    }

    @AfterEach
    void stopAll() throws IOException {
        started.forEach(NodeProcess::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private NodeProcess bootstrap() throws IOException {
        NodeProcess b = new NodeProcess(Path.of(System.getProperty("gcdn.bootstrap.jar")), bootstrapPort, dir.resolve("bootstrap"),
                List.of("-Xmx256m"), List.of("--profile", "fast"));
        started.add(b);
        return b.start();
    }

    private NodeProcess node(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--profile", "fast"));
        all.addAll(List.of(args));
        NodeProcess n = new NodeProcess(NodeProcess.freePort(), dir.resolve(name), List.of("-Xmx256m"), all);
        started.add(n);
        return n.start();
    }

    private String bootstrapAddress() {
        return "127.0.0.1:" + bootstrapPort;
    }

    private static Set<String> aliveData(NodeProcess p) throws IOException {
        Set<String> out = new HashSet<>();
        for (JsonNode m : JSON.readTree(p.get("/v1/cluster/members").body())) {
            if (m.get("status").asText().equals("alive") && m.get("role").asText().equals("data")) {
                out.add(m.get("address").asText());
            }
        }
        return out;
    }

    /** Signs a registry call with the test cluster key, as nodes do. */
    private static HttpRequest.Builder signed(HttpRequest.Builder request, String method, Optional<String> sender, byte[] body) {
        new ClusterAuth("gcdn", Optional.of(NodeProcess.TEST_CLUSTER_KEY), Duration.ofSeconds(60))
                .sign(method, "/v1/registry/nodes", sender, body).headers().forEach(request::header);
        return request;
    }

    private static Set<String> sample(NodeProcess bootstrap) throws IOException {
        Set<String> out = new HashSet<>();
        HttpRequest.Builder get = signed(HttpRequest.newBuilder(bootstrap.uri("/v1/registry/nodes?limit=10")), "GET",
                Optional.empty(), new byte[0]).GET();
        for (JsonNode n : JSON.readTree(bootstrap.send(get).body())) {
            out.add(n.get("address").asText());
        }
        return out;
    }

    private static void write(NodeProcess p, UUID key, String body) throws IOException {
        assertThat(p.sendWrite(HttpRequest.newBuilder(p.uri("/v1/blobs/" + key)).PUT(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode()).isEqualTo(201);
    }

    private static void awaitServed(NodeProcess p, UUID key, String body) {
        await("node " + p.port + " serves " + key).atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> p.get("/v1/blobs/" + key).statusCode() == 200);
        try {
            assertThat(new String(p.get("/v1/blobs/" + key).body())).isEqualTo(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Issue 14: the bootstrap has the node's probes; a node whose bootstrap is down is live, not ready, until it joins. */
    @Test
    void probesOnBootstrapAndNodeAndANodeJoinsOnceItsBootstrapComesUp() throws IOException {
        NodeProcess a = node("a", "--bootstrap", bootstrapAddress(), "--log-format", "json");
        assertThat(a.get("/v1/health/live").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> notYet = a.get("/v1/health/ready");
        assertThat(notYet.statusCode()).isEqualTo(503);
        assertThat(new String(notYet.body())).contains("not joined");

        NodeProcess b = bootstrap();
        assertThat(b.get("/v1/health/live").statusCode()).isEqualTo(200);
        await("the bootstrap is ready").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> b.get("/v1/health/ready").statusCode() == 200);
        await("the node retried its bootstrap and is ready").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> a.get("/v1/health/ready").statusCode() == 200);
    }

    @Test
    void nodesStartedWithOnlyABootstrapJoinAndConverge() throws IOException {
        bootstrap();
        NodeProcess a = node("a", "--bootstrap", bootstrapAddress());
        NodeProcess b = node("b", "--bootstrap", bootstrapAddress());
        Set<String> both = Set.of(a.address(), b.address());
        await("each node sees the other").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> aliveData(a).equals(both) && aliveData(b).equals(both));
        UUID key = UUID.randomUUID();
        write(a, key, "joined through the bootstrap");
        awaitServed(b, key, "joined through the bootstrap");
    }

    @Test
    void aBootstrapKilledAndRestartedStillListsTheLiveNodes() throws Exception {
        NodeProcess boot = bootstrap();
        NodeProcess a = node("a", "--bootstrap", bootstrapAddress());
        NodeProcess b = node("b", "--bootstrap", bootstrapAddress());
        Set<String> both = Set.of(a.address(), b.address());
        await("the registry lists both nodes").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> sample(boot).equals(both));
        boot.kill9();
        boot.start();
        assertThat(sample(boot)).as("known from disk right after the restart").isEqualTo(both);
        await("the restarted bootstrap is back in the gossip view").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> aliveData(boot).equals(both));
        b.kill9();
        await("a dead node drops out of the registry").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> sample(boot).equals(Set.of(a.address())));
    }

    @Test
    void withTheBootstrapDownTheNetworkServesAndASeedNodeJoins() throws Exception {
        NodeProcess boot = bootstrap();
        NodeProcess a = node("a", "--bootstrap", bootstrapAddress());
        NodeProcess b = node("b", "--bootstrap", bootstrapAddress());
        await("each node sees the other").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> aliveData(a).size() == 2 && aliveData(b).size() == 2);
        boot.kill9();
        UUID key = UUID.randomUUID();
        write(a, key, "no bootstrap needed");
        awaitServed(b, key, "no bootstrap needed");
        NodeProcess c = node("c", "--bootstrap", bootstrapAddress(), "--seed", a.address());
        awaitServed(c, key, "no bootstrap needed");
        await("the seed node sees all three").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> aliveData(c).size() == 3 && aliveData(a).size() == 3);
    }

    @Test
    void registryCallsWithoutTheClusterKeyAreRefusedAndRegisterNothing() throws Exception {
        NodeProcess boot = bootstrap();
        byte[] body = "{\"id\":\"00000000000000000000000000000abc\",\"address\":\"127.0.0.1:9\"}".getBytes();
        HttpRequest.Builder unsigned = HttpRequest.newBuilder(boot.uri("/v1/registry/nodes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(boot.send(unsigned).statusCode()).isEqualTo(401);
        assertThat(boot.get("/v1/registry/nodes?limit=10").statusCode()).as("an unsigned sample").isEqualTo(401);
        HttpRequest.Builder otherSender = signed(HttpRequest.newBuilder(boot.uri("/v1/registry/nodes"))
                .header("Content-Type", "application/json"), "POST", Optional.of("127.0.0.1:10"), body)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(boot.send(otherSender).statusCode()).as("a member registering another address").isEqualTo(403);
        assertThat(sample(boot)).doesNotContain("127.0.0.1:9");
    }

    @Test
    void aBootstrapWithoutAClusterKeyRefusesToStartAndSaysWhatToDo() throws Exception {
        Path out = dir.resolve("bootstrap.out");
        ProcessBuilder pb = new ProcessBuilder(NodeProcess.java(), "-jar", System.getProperty("gcdn.bootstrap.jar"), "--port",
                String.valueOf(bootstrapPort), "--data-dir", dir.resolve("bootstrap").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(new java.io.File("/dev/null"));
        pb.environment().remove("GCDN_CLUSTER_KEY");
        pb.environment().remove("GCDN_INSECURE_OPEN_CLUSTER");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the bootstrap exits by itself").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(out)).contains("no cluster key").contains("--insecure-open-cluster");
        } finally {
            p.destroyForcibly();
        }
    }
}
