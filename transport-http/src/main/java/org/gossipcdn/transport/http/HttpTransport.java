package org.gossipcdn.transport.http;

import io.undertow.server.HttpHandler;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.version.Sha256;

/**
 * The {@link Transport} over HTTP: JSON bodies posted with OkHttp (pooled keep-alive
 * connections), authenticated by {@link ClusterAuth}; the inbound side is
 * {@link #endpoints()}, mounted on the node's Undertow server. Every call is bounded by
 * connect, read and call timeouts. Thread-safe.
 */
public final class HttpTransport implements Transport, AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * Limits and timeouts of the HTTP transport.
     *
     * @param maxBodyBytes the largest gossip body accepted (413 beyond)
     * @param maxBufferedBytes the gossip body bytes all inbound requests together may hold in memory
     *                         at once (503 beyond; see {@link BodyBudget})
     */
    public record Config(Duration connectTimeout, Duration callTimeout, Duration contentReadTimeout, long maxBodyBytes,
                         long maxBufferedBytes) {
        public Config {
            if (maxBodyBytes < 1 || maxBufferedBytes < maxBodyBytes) {
                throw new IllegalArgumentException("need 1 <= maxBodyBytes <= maxBufferedBytes, was " + maxBodyBytes
                        + " and " + maxBufferedBytes);
            }
        }

        /** With room for two bodies of the largest size buffered at once. */
        public Config(Duration connectTimeout, Duration callTimeout, Duration contentReadTimeout, long maxBodyBytes) {
            this(connectTimeout, callTimeout, contentReadTimeout, maxBodyBytes, 2 * maxBodyBytes);
        }

        public static Config defaults() {
            // 32 MiB fits the largest anti-entropy batch; 64 MiB in total is an eighth of a 512 MiB heap.
            return new Config(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(30), 32L << 20, 64L << 20);
        }
    }

    private final ClusterAuth auth;
    private final GossipJson json;
    private final Config config;
    private final OkHttpClient client;
    private final OkHttpClient contentClient;
    private final String scheme;
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong exchangeBytes = new AtomicLong();
    private final BodyBudget budget;
    private volatile MessageHandler handler;

    /** TLS towards peers: the client context (it presents the node's certificate) and the trust its peers must pass. */
    public record Tls(SSLContext context, X509TrustManager trust) {}

    public HttpTransport(ClusterAuth auth, GossipJson json, Config config) {
        this(auth, json, config, Optional.empty());
    }

    /** With {@code tls}, every call goes over HTTPS and a peer's certificate must chain to {@code tls.trust()}. */
    public HttpTransport(ClusterAuth auth, GossipJson json, Config config, Optional<Tls> tls) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.scheme = tls.isPresent() ? "https://" : "http://";
        this.json = Objects.requireNonNull(json, "json");
        this.config = Objects.requireNonNull(config, "config");
        this.budget = new BodyBudget(config.maxBufferedBytes());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(32);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        tls.ifPresent(t -> builder.sslSocketFactory(t.context().getSocketFactory(), t.trust()));
        this.client = builder
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.callTimeout())
                .writeTimeout(config.callTimeout())
                .callTimeout(config.callTimeout())
                .retryOnConnectionFailure(true)
                .build();
        this.contentClient = client.newBuilder().callTimeout(Duration.ZERO).readTimeout(config.contentReadTimeout()).build();
    }

    /** The cluster authentication this transport signs and verifies with (its keyring can change at run time). */
    public ClusterAuth auth() {
        return auth;
    }

    @Override
    public void bind(MessageHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The Undertow handler for {@code /gossip/v1/*}, answering with the bound node. */
    public HttpHandler endpoints() {
        return new GossipEndpoints(() -> handler, auth, json, config.maxBodyBytes(), config.callTimeout(),
                System::currentTimeMillis, unauthorized, budget);
    }

    /** The inbound gossip body bytes held now, at most, and refused (for metrics). */
    public BodyBudget bodyBudget() {
        return budget;
    }

    /** Body bytes of the gossip calls this node made so far, requests and their answers (content fetches not included). */
    public long exchangeBytes() {
        return exchangeBytes.get();
    }

    /** Inbound gossip requests refused by cluster authentication (401/403: wrong or no key, replay, other cluster). */
    public long unauthorizedRequests() {
        return unauthorized.get();
    }

    private Request.Builder signed(Request.Builder b, String method, String path, Optional<Address> sender, byte[] body) {
        auth.sign(method, path, sender.map(Address::toString), body).headers().forEach(b::header);
        return b;
    }

    @Override
    public CompletableFuture<GossipMessage> request(Address to, GossipMessage message) {
        byte[] body = json.encode(message);
        exchangeBytes.addAndGet(body.length);
        String path = GossipEndpoints.PREFIX + message.type();
        Request request = signed(new Request.Builder().url(scheme + to + path).post(RequestBody.create(body, JSON)),
                "POST", path, Senders.of(message), body).build();
        CompletableFuture<GossipMessage> result = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    byte[] bytes = response.body().bytes();
                    exchangeBytes.addAndGet(bytes.length);
                    if (!response.isSuccessful()) {
                        result.completeExceptionally(new GossipCallException(to, message.type(), response.code(),
                                new String(bytes, 0, Math.min(bytes.length, 500), java.nio.charset.StandardCharsets.UTF_8)));
                        return;
                    }
                    String type = response.header(ClusterAuth.HEADER_TYPE);
                    result.complete(json.decode(type == null ? "" : type, bytes));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash) {
        String path = GossipEndpoints.CONTENT_PREFIX + hash;
        Request request = signed(new Request.Builder().url(scheme + from + path).get(), "GET", path, Optional.empty(), new byte[0]).build();
        CompletableFuture<InputStream> result = new CompletableFuture<>();
        contentClient.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                if (!response.isSuccessful()) {
                    response.close();
                    result.completeExceptionally(new GossipCallException(from, "content", response.code(), hash.toString()));
                    return;
                }
                result.complete(new FilterInputStream(response.body().byteStream()) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            response.close();
                        }
                    }
                });
            }
        });
        return result;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** A gossip call that got an HTTP error status. */
    public static final class GossipCallException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public GossipCallException(Address to, String type, int status, String detail) {
            super(type + " to " + to + " answered " + status + ": " + detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
