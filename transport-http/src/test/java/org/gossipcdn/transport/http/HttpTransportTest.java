package org.gossipcdn.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.Undertow;
import java.io.ByteArrayInputStream;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HttpTransport against a real Undertow server on 127.0.0.1:0 with a recording node. */
class HttpTransportTest {

    private static final String KEY = "correct horse battery staple";
    private static final byte[] CONTENT = "some bytes".getBytes();

    private final AtomicInteger handled = new AtomicInteger();
    private final MessageHandler node = new MessageHandler() {
        @Override
        public CompletableFuture<GossipMessage> handle(GossipMessage request) {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(new Ack(7, List.of(Messages.MEMBER)));
        }

        @Override
        public Optional<InputStream> openContent(Sha256 hash) {
            return hash.equals(Sha256.of(CONTENT)) ? Optional.of(new ByteArrayInputStream(CONTENT)) : Optional.empty();
        }
    };

    private HttpTransport server;
    private Undertow undertow;
    private Address address;
    private HttpTransport client;

    private void start(Optional<String> serverKey) {
        server = new HttpTransport(new ClusterAuth("test", serverKey, Duration.ofSeconds(60)), new GossipJson(),
                new HttpTransport.Config(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 64 * 1024));
        server.bind(node);
        undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(server.endpoints()).build();
        undertow.start();
        int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        address = new Address("127.0.0.1", port);
    }

    private HttpTransport client(String cluster, Optional<String> key) {
        client = new HttpTransport(new ClusterAuth(cluster, key, Duration.ofSeconds(60)), new GossipJson(),
                HttpTransport.Config.defaults());
        return client;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        undertow.stop();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .actual().getCause();
    }

    @Test
    void aRequestReachesTheNodeAndItsAnswerComesBack() throws Exception {
        start(Optional.of(KEY));
        GossipMessage answer = client("test", Optional.of(KEY)).request(address, Messages.all().get(0)).get(5, TimeUnit.SECONDS);
        assertThat(answer).isEqualTo(new Ack(7, List.of(Messages.MEMBER)));
        assertThat(handled).hasValue(1);
    }

    @Test
    void contentIsFetchedByHash() throws Exception {
        start(Optional.of(KEY));
        try (InputStream in = client("test", Optional.of(KEY)).fetchContent(address, Sha256.of(CONTENT)).get(5, TimeUnit.SECONDS)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        Throwable missing = failure(client.fetchContent(address, Sha256.of(new byte[] {1})));
        assertThat(((HttpTransport.GossipCallException) missing).status()).isEqualTo(404);
    }

    @Test
    void aReplayedRequestIsRefusedWith401AndReachesTheNodeOnce() throws Exception {
        start(Optional.of(KEY));
        ClusterAuth auth = new ClusterAuth("test", Optional.of(KEY), Duration.ofSeconds(60));
        GossipMessage message = Messages.all().get(0);
        byte[] body = new GossipJson().encode(message);
        String path = GossipEndpoints.PREFIX + message.type();
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        auth.sign("POST", path, body).headers().forEach(request::header);
        java.net.http.HttpRequest captured = request.build();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            assertThat(http.send(captured, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            java.net.http.HttpResponse<String> again = http.send(captured, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(401);
            assertThat(again.body()).contains("replayed");
        }
        assertThat(handled).hasValue(1);
    }

    @Test
    void keysRotateWithoutRefusingAnyoneWhoHoldsAKeyOfTheRing() throws Exception {
        start(Optional.of(KEY));
        String next = "the next cluster key, long enough";
        Keyring ring = serverKeyring();
        Throwable early = failure(client("test", Optional.of(next)).request(address, Messages.all().get(0)));
        assertThat(((HttpTransport.GossipCallException) early).status()).isEqualTo(401);
        client.close();
        ring.install(next);
        assertThat(client("test", Optional.of(next)).request(address, Messages.all().get(0)).get(5, TimeUnit.SECONDS)).isNotNull();
        client.close();
        ring.use(Keyring.fingerprint(next));
        assertThat(client("test", Optional.of(KEY)).request(address, Messages.all().get(0)).get(5, TimeUnit.SECONDS))
                .as("the old key still verifies until it is removed").isNotNull();
        client.close();
        ring.remove(Keyring.fingerprint(KEY));
        Throwable late = failure(client("test", Optional.of(KEY)).request(address, Messages.all().get(0)));
        assertThat(((HttpTransport.GossipCallException) late).status()).isEqualTo(401);
        assertThat(ring.list()).containsExactly(new Keyring.Entry(Keyring.fingerprint(next), true));
        assertThatThrownBy(() -> ring.remove(Keyring.fingerprint(next))).hasMessageContaining("primary");
    }

    private Keyring serverKeyring() {
        return server.auth().keyring();
    }

    @Test
    void aWrongClusterKeyIsRefusedWith401AndNeverReachesTheNode() {
        start(Optional.of(KEY));
        Throwable e = failure(client("test", Optional.of("another key of enough length")).request(address, Messages.all().get(0)));
        assertThat(((HttpTransport.GossipCallException) e).status()).isEqualTo(401);
        Throwable none = failure(client("test", Optional.empty()).request(address, Messages.all().get(0)));
        assertThat(((HttpTransport.GossipCallException) none).status()).isEqualTo(401);
        assertThat(handled).hasValue(0);
    }

    @Test
    void anotherClusterIsRefusedWith403() {
        start(Optional.empty());
        Throwable e = failure(client("other", Optional.empty()).request(address, Messages.all().get(0)));
        assertThat(((HttpTransport.GossipCallException) e).status()).isEqualTo(403);
        assertThat(handled).hasValue(0);
    }

    @Test
    void badRequestsGet4xxWithAReason() throws Exception {
        start(Optional.empty());
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + address;
        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(base + "/gossip/v1/ping"))
                .header(ClusterAuth.HEADER_CLUSTER, "test").header(ClusterAuth.HEADER_PROTOCOL, String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION))
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(malformed.body()).contains("malformed ping");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/gossip/v1/pong"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/gossip/v1/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/gossip/v1/ping"))
                .header(ClusterAuth.HEADER_CLUSTER, "test").header(ClusterAuth.HEADER_PROTOCOL, String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(handled).hasValue(0);
    }

    @Test
    void aDeadPeerIsAFailedFutureNotAHang() {
        start(Optional.empty());
        undertow.stop();
        assertThat(failure(client("test", Optional.empty()).request(address, new Ping(Messages.A, Messages.A, 1, List.of()))))
                .isInstanceOf(java.io.IOException.class);
    }
}
