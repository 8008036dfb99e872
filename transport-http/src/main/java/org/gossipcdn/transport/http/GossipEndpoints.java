package org.gossipcdn.transport.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.DigestReply;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.HasReply;
import org.gossipcdn.core.message.Nack;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.Sha256;

/**
 * The server side of the gossip protocol: {@code POST /gossip/v1/{type}} and
 * {@code GET /gossip/v1/content/{sha256}}. Every request is authenticated ({@link ClusterAuth})
 * before it is decoded; bodies over {@code maxBodyBytes} get 413 before they are read in full;
 * malformed JSON and unknown types get 400 with the reason. None of these reach the node, so
 * none can change its data. Rejections are logged at most once a minute per reason.
 */
public final class GossipEndpoints implements HttpHandler {

    public static final String PREFIX = "/gossip/v1/";
    public static final String CONTENT_PREFIX = PREFIX + "content/";
    private static final Logger LOG = System.getLogger(GossipEndpoints.class.getName());

    private final Supplier<MessageHandler> handler;
    private final ClusterAuth auth;
    private final GossipJson json;
    private final long maxBodyBytes;
    private final Duration handleTimeout;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final AtomicLong unauthorized;

    /** @param unauthorized counts requests refused by {@link ClusterAuth} (401, 403) */
    public GossipEndpoints(Supplier<MessageHandler> handler, ClusterAuth auth, GossipJson json, long maxBodyBytes,
                           Duration handleTimeout, LongSupplier wallClockMillis, AtomicLong unauthorized) {
        this.unauthorized = unauthorized;
        this.handler = handler;
        this.auth = auth;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.handleTimeout = handleTimeout;
        this.clock = wallClockMillis;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (path.startsWith(CONTENT_PREFIX)) {
            if (!ex.getRequestMethod().equals(Methods.GET)) {
                ex.getResponseHeaders().put(Headers.ALLOW, "GET");
                reject(ex, 405, "Method Not Allowed", "content is read with GET");
                return;
            }
            if (ex.isInIoThread()) {
                ex.dispatch(this);
                return;
            }
            serveContent(ex, path.substring(CONTENT_PREFIX.length()));
            return;
        }
        String type = path.substring(PREFIX.length());
        if (!GossipJson.TYPES.containsKey(type) || isResponseType(type)) {
            reject(ex, 404, "Not Found", "no gossip message type '" + type + "'");
            return;
        }
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            reject(ex, 405, "Method Not Allowed", "gossip messages are sent with POST");
            return;
        }
        if (ex.getRequestContentLength() > maxBodyBytes) {
            reject(ex, 413, "Content Too Large", "body of " + ex.getRequestContentLength() + " bytes exceeds the limit of "
                    + maxBodyBytes);
            return;
        }
        ex.setMaxEntitySize(maxBodyBytes);
        ex.getRequestReceiver().receiveFullBytes(
                (e, body) -> e.dispatch(() -> process(e, type, body)),
                (e, error) -> {
                    if (error instanceof RequestTooBigException) {
                        reject(e, 413, "Content Too Large", "body exceeds the limit of " + maxBodyBytes + " bytes");
                    } else {
                        reject(e, 400, "Bad Request", "could not read the body: " + error.getMessage());
                    }
                });
    }

    private static boolean isResponseType(String type) {
        return type.equals(Ack.TYPE) || type.equals(Nack.TYPE) || type.equals(DigestReply.TYPE)
                || type.equals(Records.TYPE) || type.equals(HasReply.TYPE)
                || type.equals(org.gossipcdn.core.message.KeyDigests.TYPE);
    }

    private boolean authorized(HttpServerExchange ex, byte[] body) {
        ClusterAuth.Verdict v = auth.verify(ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getRequestHeaders()::getFirst, body, clock.getAsLong());
        if (!v.ok()) {
            if (v.status() == 401 || v.status() == 403) {
                unauthorized.incrementAndGet();
            }
            reject(ex, v.status(), switch (v.status()) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 503 -> "Service Unavailable";
                default -> "Bad Request";
            }, v.reason());
        }
        return v.ok();
    }

    private void process(HttpServerExchange ex, String type, byte[] body) {
        if (!authorized(ex, body)) {
            return;
        }
        GossipMessage request;
        try {
            request = json.decode(type, body);
        } catch (GossipJson.MalformedMessageException e) {
            reject(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        MessageHandler node = handler.get();
        if (node == null) {
            reject(ex, 503, "Service Unavailable", "node is starting");
            return;
        }
        CompletableFuture<GossipMessage> answer = node.handle(request)
                .orTimeout(handleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> answer.whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                    reject(ex, 400, "Bad Request", String.valueOf(cause.getMessage()));
                } else {
                    reject(ex, 503, "Service Unavailable", "node did not answer: " + cause);
                }
                return;
            }
            ex.setStatusCode(200);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString(ClusterAuth.HEADER_TYPE), response.type());
            ex.getResponseSender().send(ByteBuffer.wrap(json.encode(response)));
        }));
    }

    private void serveContent(HttpServerExchange ex, String hex) {
        if (!authorized(ex, new byte[0])) {
            return;
        }
        Sha256 hash;
        try {
            hash = Sha256.parse(hex);
        } catch (IllegalArgumentException e) {
            reject(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        MessageHandler node = handler.get();
        Optional<InputStream> content = node == null ? Optional.empty() : node.openContent(hash);
        if (content.isEmpty()) {
            reject(ex, 404, "Not Found", "no content " + hash);
            return;
        }
        ex.startBlocking();
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
        try (InputStream in = content.get(); OutputStream out = ex.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "sending content {0} to {1} stopped: {2}", hash, ex.getSourceAddress(), e.getMessage());
        }
    }

    private void reject(HttpServerExchange ex, int status, String title, String detail) {
        String key = status + ":" + title;
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        if (status != 404 && (last == null || now - last > 60_000_000_000L)) {
            lastLogged.put(key, now);
            LOG.log(status == 401 || status == 403 ? Level.WARNING : Level.INFO,
                    "refused gossip {0} {1} from {2}: {3} {4} (logged once a minute per reason)",
                    ex.getRequestMethod(), ex.getRequestPath(), ex.getSourceAddress(), status, detail);
        }
        Problem.send(ex, status, title, detail);
    }
}
