package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * A TLS-only network: three nodes serve HTTPS only and gossip over HTTPS, verifying each other
 * against a private CA (made here with the JDK's keytool). One node takes its key as PEM files,
 * the others as PKCS#12. A blob written at one node is served by all; a plain-HTTP client gets nowhere.
 */
class TlsIT {

    private static final String PASSWORD = "test-pass";

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(NodeProcess.java()).resolveSibling("keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool %s: %s", List.of(args), out).isTrue();
    }

    /** ca.pem, and node.p12 holding a key with a certificate for 127.0.0.1 signed by the CA. */
    private static void makeCertificates(Path dir) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=gcdn test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storepass", PASSWORD);
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=gcdn node",
                "-validity", "2", "-keystore", "node.p12", "-storepass", PASSWORD);
        keytool(dir, "-certreq", "-alias", "node", "-keystore", "node.p12", "-storepass", PASSWORD, "-file", "node.csr");
        keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", "node.csr",
                "-outfile", "node.pem", "-ext", "san=ip:127.0.0.1", "-validity", "2");
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-keystore", "node.p12", "-storepass", PASSWORD, "-file", "ca.pem");
        keytool(dir, "-importcert", "-alias", "node", "-keystore", "node.p12", "-storepass", PASSWORD, "-file", "node.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("node.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("node", PASSWORD.toCharArray());
        Files.writeString(dir.resolve("node-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void aTlsOnlyNetworkConvergesAndRefusesPlainHttp() throws Exception {
        Path dir = Files.createTempDirectory("gcdn-tls-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            makeCertificates(dir);
            SSLContext client = trusting(dir.resolve("ca.pem"));
            int first = NodeProcess.freePort();
            for (int i = 0; i < 3; i++) {
                List<String> args = new ArrayList<>(List.of("--profile", "fast", "--bootstrap", "none",
                        "--tls-ca", dir.resolve("ca.pem").toString()));
                if (i == 0) {
                    args.addAll(List.of("--tls-cert", dir.resolve("node.pem").toString(), "--tls-key", dir.resolve("node-key.pem").toString()));
                } else {
                    args.addAll(List.of("--tls-keystore", dir.resolve("node.p12").toString(), "--tls-keystore-password", PASSWORD,
                            "--seed", "127.0.0.1:" + first));
                }
                NodeProcess p = new NodeProcess(i == 0 ? first : NodeProcess.freePort(), dir.resolve("node-" + i),
                        List.of("-Xmx256m"), args).overTls(client);
                nodes.add(p);
                p.start();
            }
            ObjectMapper json = new ObjectMapper();
            await("three members everywhere, over TLS").atMost(Duration.ofSeconds(60)).until(() -> {
                for (NodeProcess p : nodes) {
                    if (json.readTree(p.get("/v1/status").body()).get("members").asInt() != 3) {
                        return false;
                    }
                }
                return true;
            });
            UUID key = UUID.randomUUID();
            NodeProcess writer = nodes.get(2);
            assertThat(writer.sendWrite(HttpRequest.newBuilder(writer.uri("/v1/blobs/" + key))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray("over tls".getBytes()))).statusCode()).isEqualTo(201);
            await("every node serves the blob").atMost(Duration.ofSeconds(30)).until(() -> {
                for (NodeProcess p : nodes) {
                    if (p.get("/v1/blobs/" + key).statusCode() != 200) {
                        return false;
                    }
                }
                return true;
            });
            for (NodeProcess p : nodes) {
                assertThat(new String(p.get("/v1/blobs/" + key).body())).isEqualTo("over tls");
            }
            NodeProcess plain = new NodeProcess(nodes.get(0).port, dir.resolve("unused"), List.of(), List.of());
            assertThat(catchIo(plain)).as("a plain-HTTP request to a TLS-only node").isTrue();
        } finally {
            nodes.forEach(NodeProcess::close);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** True if a plain-HTTP GET fails at the protocol level or gets no 200 from the TLS port. */
    private static boolean catchIo(NodeProcess plain) {
        try {
            return plain.get("/v1/health").statusCode() != 200;
        } catch (IOException e) {
            return true;
        }
    }
}
