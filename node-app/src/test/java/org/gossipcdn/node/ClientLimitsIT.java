package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Client limits on a real node: clients that trickle their headers or their body are cut off
 * while other clients are served meanwhile, and a client over its request rate gets 429.
 */
class ClientLimitsIT {

    private static final List<String> LIMITS = List.of("--header-timeout", "2s", "--body-timeout", "2s",
            "--min-upload-rate", "10KiB", "--rate-limit", "50");

    /** Sends {@code head}, then one byte of {@code trickle} every 200 ms until the node closes the connection. */
    private static CompletableFuture<String> trickler(NodeProcess node, String head, byte[] trickle, AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket("127.0.0.1", node.port)) {
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                for (int i = 0; i < trickle.length && !stop.get(); i++) {
                    try {
                        out.write(trickle[i]);
                        out.flush();
                    } catch (SocketException closed) {
                        break; // the node hung up on us
                    }
                    Thread.sleep(200);
                    if (in.available() > 0) {
                        break;
                    }
                }
                byte[] answer = in.readNBytes(200);
                return answer.length == 0 ? "closed" : new String(answer, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
            } catch (SocketException e) {
                return "closed";
            } catch (IOException e) {
                return "failed: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });
    }

    @Test
    void slowClientsAreCutOffWhileOthersAreServed() throws Exception {
        try (LocalCluster c = new LocalCluster(1, LIMITS).start()) {
            NodeProcess node = c.node(0);
            AtomicBoolean stop = new AtomicBoolean();
            byte[] slowBody = new byte[1_000_000];
            CompletableFuture<String> slowBodyClient = trickler(node, "PUT /v1/blobs/" + UUID.randomUUID()
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + slowBody.length + "\r\n\r\n", slowBody, stop);
            byte[] smallBody = new byte[1000];
            CompletableFuture<String> slowSmallBodyClient = trickler(node, "PUT /v1/blobs/" + UUID.randomUUID()
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + smallBody.length + "\r\n\r\n", smallBody, stop);
            CompletableFuture<String> slowHeaderClient = trickler(node, "GET /v1/health HTTP/1.1\r\n",
                    "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(), stop);
            List<Integer> served = new ArrayList<>();
            while (!(slowBodyClient.isDone() && slowSmallBodyClient.isDone() && slowHeaderClient.isDone())) {
                UUID key = UUID.randomUUID();
                served.add(node.sendWrite(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(key.toString().getBytes()))).statusCode());
                served.add(node.get("/v1/blobs/" + key).statusCode());
                Thread.sleep(100);
                if (served.size() > 1200) {
                    stop.set(true);
                }
            }
            assertThat(stop).as("the slow clients were cut off by the node, not by the test").isFalse();
            assertThat(slowBodyClient.get()).isIn("HTTP/1.1 408 Request Timeout", "closed");
            assertThat(slowSmallBodyClient.get()).isEqualTo("closed");
            assertThat(slowHeaderClient.get()).isIn("HTTP/1.1 408 Request Timeout", "closed");
            assertThat(served).isNotEmpty().allMatch(code -> code == 200 || code == 201);
            assertThat(new String(node.get("/metrics").body())).contains("gcdn_api_limited_total{limit=\"slow-upload\"} 2.0");
        }
    }

    @Test
    void aClientOverItsRequestRateGets429WithRetryAfter() throws Exception {
        try (LocalCluster c = new LocalCluster(1, LIMITS).start()) {
            NodeProcess node = c.node(0);
            UUID key = UUID.randomUUID();
            List<HttpResponse<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                answers.add(node.get("/v1/blobs/" + key));
            }
            HttpResponse<byte[]> limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
            assertThat(answers).anyMatch(r -> r.statusCode() == 404);
            await("the bucket refills").atMost(Duration.ofSeconds(10)).until(() -> node.get("/v1/blobs/" + key).statusCode() == 404);
        }
    }
}
