package org.gossipcdn.node;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.gossipcdn.core.Readiness;

/**
 * The probes an orchestrator drives a node by (proposal 0019):
 * <ul>
 *   <li>{@code GET /v1/health/live}: 200 while the node's loop turns (its heartbeat is younger than
 *       the limit), else 503. A failing liveness probe means "restart me".</li>
 *   <li>{@code GET /v1/health/ready}: 200 only when the loop answers that the node joined, compared
 *       its clock and is neither re-syncing nor leaving, and every extra {@link ReadinessCheck}
 *       passes; else 503 with every reason in problem+json ({@code reasons}). A failing readiness
 *       probe means "send no clients here for now".</li>
 * </ul>
 * Both are unauthenticated, like {@code /v1/health}: they say no more than a port scan would.
 * Blocks a worker thread for at most {@code loopAnswerTimeout} while asking the loop.
 */
public final class HealthApi implements HttpHandler {

    public static final String LIVE = "/v1/health/live";
    public static final String READY = "/v1/health/ready";

    private final LoopHeartbeat heartbeat;
    private final Duration liveLimit;
    private final Supplier<CompletableFuture<Readiness>> readiness;
    private final Duration loopAnswerTimeout;
    private final List<ReadinessCheck> checks;

    /**
     * @param liveLimit the loop is taken as stuck once its heartbeat is older than this
     * @param readiness asks the node's loop (e.g. {@code node::readiness})
     * @param loopAnswerTimeout how long a readiness request waits for the loop
     * @param checks further conditions (disk budget, ...), asked in order on every request; not copied, so a
     *        thread-safe list may gain checks later (see {@link NodeServer#addReadinessCheck})
     */
    public HealthApi(LoopHeartbeat heartbeat, Duration liveLimit, Supplier<CompletableFuture<Readiness>> readiness,
                     Duration loopAnswerTimeout, List<ReadinessCheck> checks) {
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.liveLimit = Objects.requireNonNull(liveLimit, "liveLimit");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.loopAnswerTimeout = Objects.requireNonNull(loopAnswerTimeout, "loopAnswerTimeout");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            ProblemJson.send(ex, 405, "Method Not Allowed", "read-only resource; use GET", List.of());
            return;
        }
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        switch (ex.getRequestPath()) {
            case LIVE -> live(ex);
            case READY -> ready(ex);
            default -> ProblemJson.send(ex, 404, "Not Found", "no such resource " + ex.getRequestPath(), List.of());
        }
    }

    private void live(HttpServerExchange ex) {
        Duration age = heartbeat.age();
        if (age.compareTo(liveLimit) > 0) {
            String reason = "the node's event loop has not turned for " + age.toMillis() + " ms (limit "
                    + liveLimit.toMillis() + " ms)";
            ProblemJson.send(ex, 503, "Service Unavailable", reason, List.of(reason));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "live");
        body.put("loopHeartbeatAgeMillis", age.toMillis());
        Json.send(ex, 200, body);
    }

    private void ready(HttpServerExchange ex) {
        List<String> reasons = new ArrayList<>(reasons());
        if (!reasons.isEmpty()) {
            ProblemJson.send(ex, 503, "Service Unavailable", "not ready: " + String.join("; ", reasons), reasons);
            return;
        }
        Json.send(ex, 200, Map.of("status", "ready"));
    }

    /** Every reason against taking traffic now, the loop's first; empty when ready. */
    List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        try {
            reasons.addAll(readiness.get().get(loopAnswerTimeout.toMillis(), TimeUnit.MILLISECONDS).reasons());
        } catch (TimeoutException e) {
            reasons.add("the node's event loop did not answer within " + loopAnswerTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            reasons.add("the node's event loop failed to answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reasons.add("interrupted while asking the node's event loop");
        }
        for (ReadinessCheck check : checks) {
            check.notReadyBecause().ifPresent(reasons::add);
        }
        return reasons;
    }
}
