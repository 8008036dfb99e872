package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blob API's HTTP details (issue 12): nosniff, declared media types, canonical UUIDs, If-Match: *, 100-continue. */
class BlobApiIT {

    private static LocalCluster cluster;
    private static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(1, List.of()).start();
        node = cluster.node(0);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HttpRequest.Builder put(UUID key, String contentType, String body) {
        return HttpRequest.newBuilder(node.uri("/v1/blobs/" + key)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void everyAnswerForbidsSniffingAndUploadedHtmlRunsNoScriptAsTheNode() throws Exception {
        UUID key = UUID.randomUUID();
        assertThat(node.sendWrite(put(key, "text/html; charset=utf-8", "<script>alert(1)</script>")).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> got = node.get("/v1/blobs/" + key);
        assertThat(got.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(got.headers().firstValue("Content-Type")).as("the declared type is what is served")
                .hasValue("text/html; charset=utf-8");
        assertThat(got.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
        for (String path : List.of("/v1/blobs/" + UUID.randomUUID(), "/v1/status", "/", "/v1/cluster/members", "/metrics")) {
            assertThat(node.get(path).headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "text/", "/html", "text/html, text/plain", "text/plain; charset", "text/plain; charset=a b",
            "te(x)t/plain", "text/plain; charset=\"unterminated"})
    void aContentTypeThatIsNotAMediaTypeIsRefused(String contentType) throws Exception {
        HttpResponse<byte[]> r = node.sendWrite(put(UUID.randomUUID(), contentType, "x"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "text/plain;charset=utf-8", "application/vnd.a.b-c; x=\"quoted; \\\"value\"; y=1"})
    void aMediaTypeWithParametersIsStoredAndServedAsDeclared(String contentType) throws Exception {
        UUID key = UUID.randomUUID();
        assertThat(node.sendWrite(put(key, contentType, "x")).statusCode()).isEqualTo(201);
        assertThat(node.get("/v1/blobs/" + key).headers().firstValue("Content-Type")).hasValue(contentType);
    }

    @Test
    void onlyCanonicalUuidsNameKeys() throws Exception {
        UUID key = UUID.fromString("01234567-0000-4000-8000-000000000001");
        assertThat(node.sendWrite(put(key, "text/plain", "canonical")).statusCode()).isEqualTo(201);
        for (String alias : List.of("+1234567-0000-4000-8000-000000000001", "1234567-0000-4000-8000-000000000001x",
                "01234567-0000-4000-8000-00000000001", "1-0-4000-8000-000000000001", "01234567-+000-4000-8000-000000000001")) {
            assertThat(node.get("/v1/blobs/" + alias).statusCode()).as("GET %s", alias).isEqualTo(400);
            HttpResponse<byte[]> r = node.send(HttpRequest.newBuilder(node.uri("/v1/blobs/" + alias))
                    .PUT(HttpRequest.BodyPublishers.ofString("alias")));
            assertThat(r.statusCode()).as("PUT %s", alias).isEqualTo(400);
        }
        assertThat(new String(node.get("/v1/blobs/" + key.toString().toUpperCase(Locale.ROOT)).body()))
                .as("hex digits in either case").isEqualTo("canonical");
    }

    @Test
    void ifMatchStarMatchesAnyCurrentBlobAndNoMissingOne() throws Exception {
        UUID key = UUID.randomUUID();
        assertThat(node.sendWrite(put(key, "text/plain", "v1").header("If-Match", "*")).statusCode()).as("missing").isEqualTo(412);
        assertThat(node.get("/v1/blobs/" + key).statusCode()).isEqualTo(404);
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key)).header("If-Match", "*").DELETE()).statusCode())
                .as("delete of a missing key").isEqualTo(412);
        assertThat(node.sendWrite(put(key, "text/plain", "v1")).statusCode()).isEqualTo(201);
        assertThat(node.sendWrite(put(key, "text/plain", "v2").header("If-Match", "*")).statusCode()).isEqualTo(200);
        assertThat(new String(node.get("/v1/blobs/" + key).body())).isEqualTo("v2");
        assertThat(node.send(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key)).header("If-Match", "*").DELETE()).statusCode())
                .isEqualTo(204);
        assertThat(node.sendWrite(put(key, "text/plain", "v3").header("If-Match", "*")).statusCode()).as("deleted").isEqualTo(412);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 2_000_000})
    void expect100ContinueIsAnsweredBeforeTheBodyIsSent(int size) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port)) {
            s.setSoTimeout(30_000); // a node that never answers 100 fails the test by this timeout
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("PUT /v1/blobs/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: " + node.address()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            String line;
            do {
                line = in.readLine();
            } while (!line.isEmpty());
            out.write(body);
            out.flush();
            assertThat(in.readLine()).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void aTooLargeUploadIsRefusedWithoutAskingForItsBody() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("PUT /v1/blobs/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: " + node.address()
                    + "\r\nContent-Length: " + (2L << 30) + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
        }
    }
}
