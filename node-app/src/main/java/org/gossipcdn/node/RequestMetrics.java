package org.gossipcdn.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Latency and status code of every request, as Micrometer's {@code http.server.requests} timer
 * (Prometheus: {@code http_server_requests_seconds_bucket/_count/_sum}) tagged by method, route
 * template, status and outcome. Routes are templates ({@code /v1/blobs/{key}}), never raw paths,
 * so the number of series stays bounded whatever clients ask for.
 */
final class RequestMetrics implements HttpHandler {

    private static final Pattern UUID_SEGMENT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int BLOB_PATH_LENGTH = "/v1/blobs/".length() + 36;
    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS");

    private final HttpHandler next;
    private final MeterRegistry registry;
    /** One timer per method, route and status, looked up without building a meter id per request (bounded: routes are templates). */
    private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(String method, String route, int status) {}

    RequestMetrics(HttpHandler next, MeterRegistry registry) {
        this.next = next;
        this.registry = registry;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        long start = System.nanoTime();
        String method = ex.getRequestMethod().toString();
        String route = route(ex.getRequestPath());
        ex.addExchangeCompleteListener((done, nextListener) -> {
            try {
                timers.computeIfAbsent(new Series(method, route, done.getStatusCode()), this::timer)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(ex);
    }

    private Timer timer(Series s) {
        return Timer.builder("http.server.requests").description("HTTP requests served, by route and status")
                .tag("method", METHODS.contains(s.method()) ? s.method() : "other").tag("uri", s.route())
                .tag("status", String.valueOf(s.status())).tag("outcome", outcome(s.status()))
                .publishPercentileHistogram().register(registry);
    }

    /** The route template of a path: ids and hashes replaced by names, unknown paths as one "other". */
    static String route(String path) {
        if (path.length() == BLOB_PATH_LENGTH && path.startsWith("/v1/blobs/")
                && UUID_SEGMENT.matcher(path).region(BLOB_PATH_LENGTH - 36, BLOB_PATH_LENGTH).matches()) {
            return "/v1/blobs/{key}"; // the hot route first, without splitting
        }
        String[] p = path.split("/", -1);
        if (path.equals("/") || path.equals("/metrics") || path.equals("/v1/status") || path.equals("/v1/health")
                || path.equals("/v1/cluster/members") || path.equals("/v1/cluster/overview") || path.equals("/v1/events")
                || path.equals("/v1/blobs") || path.equals("/v1/cluster/keyring")) {
            return path;
        }
        if (p.length == 4 && p[1].equals("v1") && p[2].equals("blobs") && UUID_SEGMENT.matcher(p[3]).matches()) {
            return "/v1/blobs/{key}";
        }
        if (p.length == 5 && p[1].equals("v1") && p[2].equals("blobs") && (p[4].equals("versions") || p[4].equals("receipt"))) {
            return "/v1/blobs/{key}/" + p[4];
        }
        if (p.length == 4 && p[1].equals("v1") && p[2].equals("content")) {
            return "/v1/content/{sha256}";
        }
        if (p.length == 4 && p[1].equals("gossip") && p[2].equals("v1")) {
            return "/gossip/v1/{type}";
        }
        if (p.length == 5 && p[1].equals("gossip") && p[2].equals("v1") && p[3].equals("content")) {
            return "/gossip/v1/content/{sha256}";
        }
        if (path.startsWith("/v1/cluster/keyring")) {
            return "/v1/cluster/keyring/**";
        }
        return "other";
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
