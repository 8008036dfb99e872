package org.gossipcdn.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.message.Graft;
import org.gossipcdn.core.message.IHave;
import org.gossipcdn.core.message.Push;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse of the gossip endpoints on a real Undertow server (127.0.0.1:0): bodies declared big and
 * sent slowly, requests without gossip headers, a body naming another sender than the signed one,
 * and error texts that must not leak implementation names.
 */
class GossipEndpointsSecurityTest {

    private static final String KEY = "correct horse battery staple";
    private static final int MAX_BODY = 32 << 20;

    private final AtomicInteger handled = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private HttpTransport server;
    private Undertow undertow;
    private Address address;

    private void start(Optional<String> key) {
        server = new HttpTransport(new ClusterAuth("test", key, Duration.ofSeconds(60)), new GossipJson(),
                new HttpTransport.Config(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), MAX_BODY));
        server.bind(new MessageHandler() {
            @Override
            public CompletableFuture<GossipMessage> handle(GossipMessage request) {
                handled.incrementAndGet();
                return CompletableFuture.completedFuture(new Ack(1, List.of()));
            }

            @Override
            public Optional<InputStream> openContent(Sha256 hash) {
                return Optional.empty();
            }
        });
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(server.endpoints()).build();
        undertow.start();
        address = new Address("127.0.0.1", ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
        undertow.stop();
    }

    /** Opens a connection, sends the request head declaring {@code declared} body bytes, then one byte of it. */
    private Socket trickle(String path, Map<String, String> headers, long declared) throws IOException {
        Socket s = new Socket("127.0.0.1", address.port());
        sockets.add(s);
        s.setSoTimeout(10_000);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + address + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Type: application/json\r\nContent-Length: ").append(declared).append("\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write('{');
        out.flush();
        return s;
    }

    /** The status code of the response on {@code s}, read while the request body is still incomplete. */
    private static int status(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return Integer.parseInt(line.toString().split(" ")[1]);
    }

    private static List<Socket> answered(List<Socket> sockets) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (Socket s : sockets) {
            if (s.getInputStream().available() > 0) {
                out.add(s);
            }
        }
        return out;
    }

    private HttpResponse<String> post(String type, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + GossipEndpoints.PREFIX + type))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void unauthenticatedBodiesDeclaredBigAreRefusedBeforeTheyAreReadAndANormalRequestStillSucceeds() throws Exception {
        start(Optional.of(KEY));
        Map<String, String> forged = new ClusterAuth("test", Optional.of("not the cluster key at all"), Duration.ofSeconds(60))
                .sign("POST", GossipEndpoints.PREFIX + "ping", new byte[1]).headers();
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            flood.add(trickle(GossipEndpoints.PREFIX + "ping", i % 2 == 0 ? forged : Map.of(), MAX_BODY));
        }
        for (Socket s : flood) {
            assertThat(status(s)).as("answered before the body arrived").isEqualTo(401);
        }
        assertThat(server.bodyBudget().peakBytes()).as("no unauthenticated body was buffered").isZero();
        try (HttpTransport member = new HttpTransport(new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60)),
                new GossipJson(), HttpTransport.Config.defaults())) {
            assertThat(member.request(address, new Ping(Messages.A, Messages.A, 1, List.of())).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(Ack.class);
        }
        assertThat(handled).hasValue(1);
    }

    @Test
    void aRequestWithoutGossipHeadersIsUnauthenticated401() throws Exception {
        start(Optional.of(KEY));
        HttpResponse<String> r = post("ping", Map.of(), "{}".getBytes());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).isPresent();
        start2Open();
    }

    private void start2Open() throws Exception {
        stop();
        sockets.clear();
        start(Optional.empty());
        assertThat(post("ping", Map.of(), "{}".getBytes()).statusCode()).as("open cluster too").isEqualTo(401);
    }

    @Test
    void aTreeMessageNamingAnotherSenderThanTheSignedOneIsRefused() throws Exception {
        start(Optional.of(KEY));
        ClusterAuth member = new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60));
        for (GossipMessage framing : Messages.all()) {
            if (!(framing instanceof Push || framing instanceof IHave || framing instanceof Graft)) {
                continue;
            }
            byte[] body = new GossipJson().encode(framing); // each names 10.0.0.1:7001
            String path = GossipEndpoints.PREFIX + framing.type();
            assertThat(post(framing.type(), member.sign("POST", path, Optional.of("10.0.0.2:7001"), body).headers(), body)
                    .statusCode()).as(framing.type()).isEqualTo(403);
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aBodyNamingAnotherSenderThanTheSignedOneIsRefused() throws Exception {
        start(Optional.of(KEY));
        ClusterAuth member = new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60));
        Rumor framing = new Rumor(new Address("10.0.0.9", 7000), List.of(Messages.RECORD), List.of());
        byte[] body = new GossipJson().encode(framing);
        String path = GossipEndpoints.PREFIX + "rumor";
        HttpResponse<String> r = post("rumor", member.sign("POST", path, Optional.of("10.0.0.1:7000"), body).headers(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(post("rumor", member.sign("POST", path, body).headers(), body).statusCode())
                .as("naming a sender without the signed header").isEqualTo(403);
        Map<String, String> swapped = new java.util.LinkedHashMap<>(member.sign("POST", path, Optional.of("10.0.0.1:7000"), body).headers());
        swapped.put(ClusterAuth.HEADER_SENDER, "10.0.0.9:7000");
        assertThat(post("rumor", swapped, body).statusCode()).as("the sender header is covered by the MAC").isEqualTo(401);
        assertThat(handled).hasValue(0);
        assertThat(post("rumor", member.sign("POST", path, Optional.of("10.0.0.9:7000"), body).headers(), body).statusCode())
                .as("a member speaking for itself").isEqualTo(200);
    }

    @Test
    void aBodyThatDoesNotMatchItsSignedDigestIsRefused() throws Exception {
        start(Optional.of(KEY));
        byte[] body = new GossipJson().encode(new Ping(Messages.A, Messages.A, 1, List.of()));
        Map<String, String> headers = new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60))
                .sign("POST", GossipEndpoints.PREFIX + "ping", body).headers();
        byte[] altered = new GossipJson().encode(new Ping(Messages.A, Messages.A, 2, List.of()));
        HttpResponse<String> r = post("ping", headers, altered);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("does not match");
        assertThat(handled).hasValue(0);
    }

    @Test
    void authenticatedSlowBodiesHoldNoMoreThanTheBudgetAndANormalRequestStillSucceeds() throws Exception {
        int budget = 1 << 20;
        int declared = 700 * 1024;
        server = new HttpTransport(new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60)), new GossipJson(),
                new HttpTransport.Config(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), declared, budget));
        server.bind(new MessageHandler() {
            @Override
            public CompletableFuture<GossipMessage> handle(GossipMessage request) {
                handled.incrementAndGet();
                return CompletableFuture.completedFuture(new Ack(1, List.of()));
            }

            @Override
            public Optional<InputStream> openContent(Sha256 hash) {
                return Optional.empty();
            }
        });
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(server.endpoints()).build();
        undertow.start();
        address = new Address("127.0.0.1", ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort());
        ClusterAuth member = new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60));
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // each head is validly signed (for a body never sent in full): only the budget stops them
            flood.add(trickle(GossipEndpoints.PREFIX + "ping", member.sign("POST", GossipEndpoints.PREFIX + "ping",
                    new byte[declared]).headers(), declared));
        }
        BodyBudget held = server.bodyBudget();
        await().atMost(Duration.ofSeconds(10)).until(() -> held.refused() == 19);
        assertThat(held.peakBytes()).isEqualTo(declared).isLessThanOrEqualTo(budget);
        assertThat(held.inUseBytes()).isEqualTo(declared);
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(flood).size() == 19);
        for (Socket s : answered(flood)) {
            assertThat(status(s)).isEqualTo(503);
        }
        try (HttpTransport client = new HttpTransport(member, new GossipJson(), HttpTransport.Config.defaults())) {
            assertThat(client.request(address, new Ping(Messages.A, Messages.A, 1, List.of())).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(Ack.class);
        }
        for (Socket s : flood) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.inUseBytes() == 0);
        assertThat(held.peakBytes()).isLessThanOrEqualTo(budget);
    }

    @Test
    void problemDetailsNameNoJavaTypes() throws Exception {
        start(Optional.empty());
        Map<String, String> open = Map.of(ClusterAuth.HEADER_CLUSTER, "test", ClusterAuth.HEADER_PROTOCOL,
                String.valueOf(GossipMessage.PROTOCOL_VERSION));
        for (String body : List.of("{\"from\":5}", "{\"from\":\"zz\"}", "{not json", "{\"from\":{}}", "[]",
                "{\"from\":\"1234567890abcdef000000000000002a\",\"target\":\"1234567890abcdef000000000000002a\",\"wallMillis\":\"x\",\"updates\":[]}")) {
            HttpResponse<String> r = post("ping", open, body.getBytes());
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).doesNotContain("java.", "org.gossipcdn", "Exception", "`", "com.fasterxml")
                    .contains("\"detail\":\"malformed ping");
        }
    }
}
