package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gossipcdn.core.LoopScheduler;
import org.gossipcdn.core.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14: /v1/health/live and /v1/health/ready over real HTTP, on a real loop that a test task blocks. */
class HealthApiTest {

    private final LoopScheduler loop = new LoopScheduler("health-test-loop");
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final AtomicReference<Readiness> state = new AtomicReference<>(new Readiness(false, false, false, false));
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Undertow server;
    private int port;

    @BeforeEach
    void start() {
        LoopHeartbeat heartbeat = new LoopHeartbeat(loop, Duration.ofMillis(20), System::nanoTime).start();
        // the readiness answer comes from the loop, as GossipNode.readiness() does
        HealthApi api = new HealthApi(heartbeat, Duration.ofMillis(300), () -> {
            CompletableFuture<Readiness> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(state.get()));
            return f;
        }, Duration.ofMillis(300), checks);
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new BlockingHandler(api)).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        unblock.countDown();
        server.stop();
        loop.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyIs503WithEveryReasonUntilJoinedAndCompared() throws Exception {
        HttpResponse<String> before = get(HealthApi.READY);
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(before.body()).contains("\"reasons\":[\"not joined", "clock not yet compared");

        state.set(new Readiness(true, true, true, false));
        HttpResponse<String> resyncing = get(HealthApi.READY);
        assertThat(resyncing.statusCode()).isEqualTo(503);
        assertThat(resyncing.body()).contains("re-syncing").doesNotContain("not joined");

        state.set(new Readiness(true, true, false, false));
        HttpResponse<String> after = get(HealthApi.READY);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"status\":\"ready\"");
    }

    @Test
    void anExtraCheckMakesTheNodeUnready() throws Exception {
        state.set(new Readiness(true, true, false, false));
        checks.add(() -> Optional.of("over the disk budget"));
        HttpResponse<String> r = get(HealthApi.READY);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"reasons\":[\"over the disk budget\"]");
    }

    @Test
    void liveTurns503WhenTheLoopIsBlockedAndBackWhenItTurns() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get(HealthApi.LIVE).statusCode() == 200);

        loop.execute(() -> {
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> get(HealthApi.LIVE).statusCode() == 503);
        HttpResponse<String> stuck = get(HealthApi.LIVE);
        assertThat(stuck.body()).contains("event loop has not turned");
        HttpResponse<String> ready = get(HealthApi.READY);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("did not answer");

        unblock.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(HealthApi.LIVE).statusCode() == 200);
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HealthApi.LIVE))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}
