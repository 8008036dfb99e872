package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the image scripts/image builds runs a network. Three containers of
 * localhost/gcdn-node on the host's network, each on its own loopback port; a blob written at the
 * first is read at the third. Opt-in (GCDN_IMAGE_TEST=1; scripts/image-test builds the image and
 * runs it), and skipped, saying why, where podman or the image is missing. Runs podman as this sandbox needs: runc, cgroupfs, host networking, and a
 * containers.conf without default ulimits.
 */
class ContainerImageIT {

    static final String IMAGE = System.getProperty("gcdn.image", "localhost/gcdn-node:0.1.0");
    private final List<String> containers = new ArrayList<>();
    private Path conf;

    private ProcessBuilder podman(List<String> args) throws IOException {
        if (conf == null) {
            conf = Files.createTempFile("gcdn-containers-", ".conf");
            Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        }
        List<String> cmd = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("CONTAINERS_CONF", conf.toString());
        env.putIfAbsent("STORAGE_DRIVER", "vfs"); // as scripts/image builds it
        return pb;
    }

    private int run(String... args) throws IOException, InterruptedException {
        Process p = podman(List.of(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @AfterEach
    void remove() throws Exception {
        for (String c : containers) {
            run("rm", "-f", "-t", "15", c);
        }
        if (conf != null) {
            Files.deleteIfExists(conf);
        }
    }

    @Test
    void threeContainersFormANetworkAndServeEachOthersBlobs() throws Exception {
        assumeTrue("1".equals(System.getenv("GCDN_IMAGE_TEST")) || Boolean.getBoolean("gcdn.image.test"),
                "opt-in (building the image takes minutes): scripts/image-test, or GCDN_IMAGE_TEST=1 after scripts/image");
        assumeTrue(onPath("podman"), "podman is not installed (apt-get install podman runc buildah mmdebstrap uidmap)");
        assumeTrue(run("image", "exists", IMAGE) == 0, "image " + IMAGE + " is not built: run scripts/image");

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = NodeProcess.freePort();
            ports.add(port);
            String name = "gcdn-it-" + run + "-" + i;
            List<String> args = new ArrayList<>(List.of("run", "-d", "--rm", "--network", "host", "--name", name,
                    "-e", "GCDN_PORT=" + port, "-e", "GCDN_BIND=127.0.0.1", "-e", "GCDN_ADVERTISE=127.0.0.1:" + port,
                    "-e", "GCDN_PROFILE=fast", "-e", "GCDN_BOOTSTRAP=none", "-e", "GCDN_CLUSTER_KEY=" + NodeProcess.TEST_CLUSTER_KEY,
                    "-e", "GCDN_LOG_FORMAT=json", "-e", "JAVA_TOOL_OPTIONS=-Xmx256m"));
            if (i > 0) {
                args.addAll(List.of("-e", "GCDN_SEED=127.0.0.1:" + ports.get(0)));
            }
            args.add(IMAGE);
            containers.add(name);
            assertThat(run(args.toArray(String[]::new))).as("podman run %s", name).isZero();
        }
        HttpClient http = HttpClient.newHttpClient();
        for (int port : ports) {
            await("node on " + port + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + HealthApi.READY)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
        UUID key = UUID.randomUUID();
        byte[] body = ("written in container 0, read in container 2: " + key).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(0) + "/v1/blobs/" + key))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(2)
                    + "/v1/blobs/" + key)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(body);
        });
    }
}
