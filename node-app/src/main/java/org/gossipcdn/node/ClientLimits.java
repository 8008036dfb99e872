package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gossipcdn.transport.http.Problem;

/**
 * Per-client limits in front of the public API: a request-rate token bucket and a cap on
 * concurrent uploads, both keyed by the client's address and answered with 429 and Retry-After.
 * The maps hold only clients seen recently: idle, full buckets and zero upload counts are swept,
 * so memory follows the number of active clients, not every address ever seen.
 */
final class ClientLimits implements HttpHandler {

    private static final int SWEEP_EVERY = 10_000;

    private final HttpHandler next;
    private final Limits limits;
    private final NodeMetrics metrics;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> uploads = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    ClientLimits(HttpHandler next, Limits limits, NodeMetrics metrics) {
        this.next = next;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Tokens refill at {@code rate}/s up to {@code 2 × rate}. Guarded by its own monitor. */
    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(int rate, long now) {
            tokens = Math.min(2.0 * rate, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }

        synchronized boolean idle(int rate, long now) {
            return tokens + (now - last) / 1e9 * rate >= 2.0 * rate;
        }
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        InetAddress client = ex.getSourceAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (client == null) {
            next.handleRequest(ex);
            return;
        }
        long now = System.nanoTime();
        if (sinceSweep.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        int rate = limits.requestsPerSecond();
        if (rate > 0 && !buckets.computeIfAbsent(client, c -> new Bucket(2.0 * rate, now)).take(rate, now)) {
            metrics.limited("rate");
            tooMany(ex, "more than " + rate + " requests/s from " + client.getHostAddress());
            return;
        }
        if (ex.getRequestMethod().equals(Methods.PUT) || ex.getRequestMethod().equals(Methods.POST)) {
            AtomicInteger inFlight = uploads.computeIfAbsent(client, c -> new AtomicInteger());
            if (inFlight.incrementAndGet() > limits.uploadsPerClient()) {
                inFlight.decrementAndGet();
                metrics.limited("uploads");
                tooMany(ex, "more than " + limits.uploadsPerClient() + " concurrent uploads from " + client.getHostAddress());
                return;
            }
            ex.addExchangeCompleteListener((done, nextListener) -> {
                inFlight.decrementAndGet();
                nextListener.proceed();
            });
        }
        next.handleRequest(ex);
    }

    private void sweep(long now) {
        int rate = limits.requestsPerSecond();
        buckets.entrySet().removeIf(e -> e.getValue().idle(rate, now));
        uploads.entrySet().removeIf(e -> e.getValue().get() == 0);
    }

    private static void tooMany(HttpServerExchange ex, String why) {
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        Problem.send(ex, 429, "Too Many Requests", why);
    }
}
