package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed by default (issue 12): a node without a cluster key does not start unless the operator
 * chose an open cluster, which is then visible everywhere; the first key of an open node can be
 * installed only by whoever can read its data dir, and never by a web page in a browser.
 */
class SecureDefaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYRING = "/v1/cluster/keyring";
    private static final String FIRST_KEY = "{\"install\":\"the very first cluster key\"}";

    @Test
    void aNodeWithoutAClusterKeyRefusesToStartAndSaysWhatToDo(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.java(), "-jar", NodeProcess.jar().toString(), "--port",
                String.valueOf(NodeProcess.freePort()), "--bind", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
                "--bootstrap", "none"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()))
                .redirectInput(new File("/dev/null"));
        pb.environment().remove("GCDN_CLUSTER_KEY");
        pb.environment().remove("GCDN_INSECURE_OPEN_CLUSTER");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the node exits by itself").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("out.log"))).contains("could not start: no cluster key")
                    .contains("--cluster-key").contains("--insecure-open-cluster");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpRequest.Builder install(NodeProcess node) {
        return HttpRequest.newBuilder(node.uri(KEYRING)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FIRST_KEY));
    }

    private static JsonNode status(NodeProcess node) throws Exception {
        return JSON.readTree(node.get("/v1/status").body());
    }

    @Test
    void anOpenClusterIsShownAndItsFirstKeyNeedsTheTokenAndTheNodesOwnOrigin(@TempDir Path dir) throws Exception {
        try (NodeProcess node = new NodeProcess(NodeProcess.freePort(), dir.resolve("node"), List.of("-Xmx256m"),
                List.of("--profile", "fast", "--bootstrap", "none", "--insecure-open-cluster")).start()) {
            assertThat(status(node).path("openCluster").asBoolean()).isTrue();
            assertThat(status(node).path("warning").asText()).contains("open cluster");
            assertThat(JSON.readTree(node.get("/v1/health").body()).path("openCluster").asBoolean()).isTrue();
            assertThat(new String(node.get("/").body(), StandardCharsets.UTF_8)).contains("INSECURE OPEN CLUSTER");
            assertThat(node.get("/").headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).startsWith("default-src 'none'"));
            assertThat(Files.readString(dir.resolve("node.log"))).containsPattern("WARN.*INSECURE OPEN CLUSTER");

            Path tokenFile = node.dataDir.resolve("keyring-token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            String token = Files.readString(tokenFile).trim();

            HttpResponse<byte[]> crossOrigin = node.send(install(node).header("X-Gcdn-Keyring-Token", token)
                    .header("Origin", "http://attacker.example"));
            assertThat(crossOrigin.statusCode()).as("a page of another site").isEqualTo(403);
            HttpResponse<byte[]> rebound = node.send(install(node).header("X-Gcdn-Keyring-Token", token)
                    .header("Origin", "http://attacker.example:" + node.port));
            assertThat(rebound.statusCode()).as("a page of a DNS-rebound name").isEqualTo(403);
            HttpResponse<byte[]> form = node.send(HttpRequest.newBuilder(node.uri(KEYRING)).header("X-Gcdn-Keyring-Token", token)
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(FIRST_KEY)));
            assertThat(form.statusCode()).as("a body a form can send without preflight").isEqualTo(415);
            assertThat(node.send(install(node)).statusCode()).as("no token").isEqualTo(403);
            assertThat(new String(node.send(install(node)).body())).contains("one-time token");
            assertThat(node.send(install(node).header("X-Gcdn-Keyring-Token", "0".repeat(48))).statusCode())
                    .as("a wrong token").isEqualTo(403);
            assertThat(status(node).path("openCluster").asBoolean()).as("nothing was installed").isTrue();

            HttpResponse<byte[]> ok = node.send(install(node).header("X-Gcdn-Keyring-Token", token)
                    .header("Origin", "http://127.0.0.1:" + node.port));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body())).hasSize(1);
            assertThat(tokenFile).doesNotExist();
            assertThat(status(node).path("openCluster").asBoolean()).isFalse();
            assertThat(status(node).has("warning")).isFalse();
            assertThat(node.send(install(node).header("X-Gcdn-Keyring-Token", token)).statusCode())
                    .as("the token is spent; a keyed node wants a signed request").isIn(401, 403);
        }
    }
}
