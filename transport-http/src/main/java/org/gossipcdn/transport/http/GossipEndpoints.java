package org.gossipcdn.transport.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
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
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.version.Sha256;

/**
 * The server side of the gossip protocol: {@code POST /gossip/v1/{type}} and
 * {@code GET /gossip/v1/content/{sha256}}. In order, each request:
 * <ol>
 *   <li>is authenticated from its head alone ({@link ClusterAuth#verifyHeaders}): 401/403 before a
 *       body byte is buffered. The answer goes out at once; Undertow then drains the unread body
 *       through one pooled buffer and discards it (closing instead often resets the connection
 *       before the client reads the answer);</li>
 *   <li>must declare its length (411), at most {@code maxBodyBytes} (413), and that length must fit
 *       the node's {@link BodyBudget} (503 + {@code Retry-After}) — only then is the body read, into
 *       one buffer of exactly that size, released when the exchange ends;</li>
 *   <li>must hash to its signed digest (401), decode (400) and, if it names a sender, name the one
 *       its MAC-covered {@value ClusterAuth#HEADER_SENDER} header names (403), so what the node
 *       attributes to a sender is what the authenticated head says.</li>
 * </ol>
 * None of the refused reach the node, so none can change its data. Problem details are written
 * for operators and never name implementation types. Rejections are logged at most once a minute
 * per reason.
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
    private final BodyBudget budget;

    /**
     * @param unauthorized counts requests refused by {@link ClusterAuth} (401, 403)
     * @param budget the body bytes all gossip requests together may hold at once
     */
    public GossipEndpoints(Supplier<MessageHandler> handler, ClusterAuth auth, GossipJson json, long maxBodyBytes,
                           Duration handleTimeout, LongSupplier wallClockMillis, AtomicLong unauthorized, BodyBudget budget) {
        this.unauthorized = unauthorized;
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
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
        if (!GossipJson.REQUEST_TYPES.contains(type)) {
            reject(ex, 404, "Not Found", "no gossip message type '" + Problem.printable(type) + "'");
            return;
        }
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            reject(ex, 405, "Method Not Allowed", "gossip messages are sent with POST");
            return;
        }
        if (!authorized(ex, auth.verifyHeaders(ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getRequestHeaders()::getFirst, clock.getAsLong()))) {
            return;
        }
        long length = ex.getRequestContentLength();
        if (length < 0) {
            reject(ex, 411, "Length Required", "a gossip request must declare its Content-Length");
            return;
        }
        if (length > maxBodyBytes) {
            reject(ex, 413, "Content Too Large", "body of " + length + " bytes exceeds the limit of " + maxBodyBytes);
            return;
        }
        if (!budget.tryReserve(length)) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            reject(ex, 503, "Service Unavailable", "this node holds as many gossip bodies as it may ("
                    + budget.limitBytes() + " bytes); retry shortly");
            return;
        }
        Runnable release = releaseOnce(length);
        ex.addExchangeCompleteListener((e, next) -> {
            release.run();
            next.proceed();
        });
        readBody(ex, type, (int) length, release);
    }

    private Runnable releaseOnce(long bytes) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                budget.release(bytes);
            }
        };
    }

    /** Reads exactly {@code length} bytes into one reserved buffer, then processes them on a worker. */
    private void readBody(HttpServerExchange ex, String type, int length, Runnable release) {
        byte[] body = new byte[length];
        int[] filled = {0};
        ex.getRequestReceiver().receivePartialBytes(
                (e, chunk, last) -> {
                    int n = Math.min(chunk.length, length - filled[0]);
                    System.arraycopy(chunk, 0, body, filled[0], n);
                    filled[0] += n;
                    if (last) {
                        e.dispatch(() -> process(e, type, body));
                    }
                },
                (e, error) -> {
                    release.run();
                    LOG.log(Level.DEBUG, "gossip body from {0} not read: {1}", e.getSourceAddress(), error.toString());
                    reject(e, 400, "Bad Request", "the body could not be read in full (connection closed or too slow)");
                });
    }

    private boolean authorized(HttpServerExchange ex, ClusterAuth.Verdict v) {
        if (!v.ok()) {
            if (v.status() == 401 || v.status() == 403) {
                unauthorized.incrementAndGet();
            }
            String title = switch (v.status()) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 503 -> "Service Unavailable";
                default -> "Bad Request";
            };
            reject(ex, v.status(), title, v.reason());
        }
        return v.ok();
    }

    private void process(HttpServerExchange ex, String type, byte[] body) {
        if (!authorized(ex, auth.verifyBody(ex.getRequestHeaders()::getFirst, Sha256.newDigest().digest(body)))) {
            return;
        }
        GossipMessage request;
        try {
            request = json.decode(type, body);
        } catch (GossipJson.MalformedMessageException e) {
            reject(ex, 400, "Bad Request", e.getMessage());
            return;
        }
        Optional<String> named = Senders.of(request).map(Object::toString);
        String signed = ex.getRequestHeaders().getFirst(ClusterAuth.HEADER_SENDER);
        if (named.isPresent() && !named.get().equals(signed)) {
            unauthorized.incrementAndGet();
            reject(ex, 403, "Forbidden", signed == null
                    ? "the " + type + " names a sender but the request has no " + ClusterAuth.HEADER_SENDER + " header"
                    : "the " + type + " names a sender other than its signed " + ClusterAuth.HEADER_SENDER + " ("
                    + Problem.printable(signed) + "); a member may only speak for itself");
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
                if (cause instanceof IllegalArgumentException) {
                    reject(ex, 400, "Bad Request", String.valueOf(cause.getMessage())); // our rules name value and rule
                } else if (cause instanceof NullPointerException) {
                    reject(ex, 400, "Bad Request", "the " + type + " lacks a value it needs");
                } else {
                    boolean late = cause instanceof java.util.concurrent.TimeoutException;
                    LOG.log(Level.DEBUG, "{0} not answered: {1}", type, cause.toString());
                    reject(ex, 503, "Service Unavailable", late
                            ? "the node did not answer within " + handleTimeout.toMillis() + " ms; retry"
                            : "the node could not handle this " + type + " now; retry");
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
        if (!authorized(ex, auth.verify(ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getRequestHeaders()::getFirst, new byte[0], clock.getAsLong()))) {
            return;
        }
        Sha256 hash;
        try {
            hash = Sha256.parse(hex);
        } catch (IllegalArgumentException e) {
            reject(ex, 400, "Bad Request", "content is named by 64 hex digits (its SHA-256)");
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
                    ex.getRequestMethod(), Problem.printable(ex.getRequestPath()), ex.getSourceAddress(), status,
                    Problem.printable(detail));
        }
        if (status == 401) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "GossipHMAC realm=\"gossip\"");
        }
        Problem.send(ex, status, title, detail);
    }
}
