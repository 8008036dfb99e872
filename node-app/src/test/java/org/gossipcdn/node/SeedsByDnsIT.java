package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 14: --seed takes a DNS name that stands for several addresses, re-resolved on each join
 * attempt; and /v1/health/ready is 503 until the node joined, 200 after. The names resolve through
 * a test {@link SeedResolver} to loopback addresses (127.0.0.2-4); nothing leaves this machine.
 */
class SeedsByDnsIT {

    private final List<NodeServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The test's DNS: name to A records. */
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    private final SeedResolver resolver = seed -> records.getOrDefault(seed.host(), List.of()).stream()
            .map(ip -> new Address(ip, seed.port())).toList();

    @AfterEach
    void stop() {
        servers.forEach(NodeServer::close);
    }

    /** A port free on every one of {@code hosts} (tried on the first, checked on the rest). */
    private static int portFreeOn(List<String> hosts) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(hosts.get(0)))) {
                port = s.getLocalPort();
            }
            boolean free = true;
            for (String h : hosts) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(h, port));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no port free on all of " + hosts);
    }

    private NodeServer start(Path dir, String bind, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("--profile", "fast", "--bind", bind, "--port", String.valueOf(port),
                "--data-dir", dir.toString(), "--cluster-key", NodeProcess.TEST_CLUSTER_KEY));
        args.addAll(List.of(extra));
        NodeOptions o = new NodeOptions();
        new CommandLine(o).parseArgs(args.toArray(String[]::new));
        NodeServer server = new NodeServer(o.toConfig(), resolver).start();
        servers.add(server);
        return server;
    }

    private Set<String> aliveMembers(NodeServer s) throws Exception {
        return s.node().members().get().stream().filter(m -> m.status() == MemberStatus.ALIVE)
                .map(Member::address).map(Address::toString).collect(Collectors.toSet());
    }

    private HttpResponse<String> get(String host, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNameWithThreeAddressesIsThreeSeedsResolvedOnEachAttempt() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-dns-seeds-");
        List<String> ips = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
        int seedPort = portFreeOn(ips);
        for (int i = 0; i < 3; i++) { // three nodes that do not know each other
            start(dir.resolve("seed-" + i), ips.get(i), seedPort, "--bootstrap", "none");
        }
        int port = NodeProcess.freePort();
        NodeServer newcomer = start(dir.resolve("newcomer"), "127.0.0.1", port, "--seed", "gcdn-seeds.test:" + seedPort);

        // the name does not resolve yet: not joined, so not ready (but live)
        await().atMost(Duration.ofSeconds(10)).until(() -> get("127.0.0.1", port, HealthApi.LIVE).statusCode() == 200);
        HttpResponse<String> before = get("127.0.0.1", port, HealthApi.READY);
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(before.body()).contains("not joined");

        records.put("gcdn-seeds.test", ips); // the records appear (pods of a headless Service starting)

        Set<String> expected = ips.stream().map(ip -> ip + ":" + seedPort).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aliveMembers(newcomer)).containsAll(expected));
        for (int i = 0; i < 3; i++) { // and every seed was contacted itself: the seeds never knew each other
            NodeServer seed = servers.get(i);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aliveMembers(seed)).contains("127.0.0.1:" + port));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("127.0.0.1", port, HealthApi.READY).statusCode() == 200);
    }
}
