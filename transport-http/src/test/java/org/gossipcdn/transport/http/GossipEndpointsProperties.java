package org.gossipcdn.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.Sha256;

/**
 * Bad input on every gossip endpoint of a real Undertow server: arbitrary bytes and JSON-shaped
 * garbage get a 4xx (never a 5xx), and only bodies that decode to a valid message reach the node.
 */
class GossipEndpointsProperties {

    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static HttpTransport server;
    private static Undertow undertow;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void start() {
        server = new HttpTransport(new ClusterAuth("fuzz", Optional.empty(), Duration.ofSeconds(60)), new GossipJson(),
                new HttpTransport.Config(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 16 * 1024));
        server.bind(new MessageHandler() {
            @Override
            public CompletableFuture<GossipMessage> handle(GossipMessage request) {
                HANDLED.incrementAndGet();
                return CompletableFuture.completedFuture(new Ack(0, List.of()));
            }

            @Override
            public Optional<InputStream> openContent(Sha256 hash) {
                return Optional.empty();
            }
        });
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(server.endpoints()).build();
        undertow.start();
        base = "http://127.0.0.1:" + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterContainer
    static void stop() {
        server.close();
        undertow.stop();
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of(GossipJson.TYPES.keySet().stream().sorted().toList());
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}", "-1", "1e999"));
        Arbitrary<String> field = Arbitraries.of("from", "target", "updates", "records", "members", "join", "level", "indexes",
                "leaves", "states", "keys", "key", "version", "wallMillis", "ready", "digests", "x");
        return Arbitraries.maps(field, scalar).ofMaxSize(6).map(m -> {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return sb.append('}').toString();
        });
    }

    private static HttpResponse<String> post(String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/gossip/v1/" + type)).timeout(Duration.ofSeconds(10))
                .header(ClusterAuth.HEADER_CLUSTER, "fuzz").header(ClusterAuth.HEADER_PROTOCOL, String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Property(tries = 150)
    void arbitraryBytesGet4xxAndNeverReachTheNode(@ForAll("types") String type, @ForAll byte[] body) throws Exception {
        int before = HANDLED.get();
        HttpResponse<String> r = post(type, body);
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(HANDLED.get()).isEqualTo(before);
    }

    @Property(tries = 300)
    void jsonShapedGarbageIsRefusedUnlessItIsAValidMessage(@ForAll("types") String type, @ForAll("jsonish") String body)
            throws Exception {
        int before = HANDLED.get();
        HttpResponse<String> r = post(type, body.getBytes());
        assertThat(r.statusCode() / 100).as(type + " " + body + " -> " + r.body()).isNotEqualTo(5);
        if (r.statusCode() == 200) {
            assertThat(HANDLED.get()).isEqualTo(before + 1); // it was a valid message after all
        } else {
            assertThat(r.statusCode()).isBetween(400, 499);
            assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
        }
    }

    @Property(tries = 10)
    void bodiesOverTheLimitGet413(@ForAll("types") String type) throws Exception {
        int before = HANDLED.get();
        HttpResponse<String> r = post(type, new byte[32 * 1024]);
        assertThat(r.statusCode()).isIn(404, 413); // response types are 404 whatever the body
        assertThat(HANDLED.get()).isEqualTo(before);
    }
}
