package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.transport.http.Problem;

/** Maps the outcome of a write or delete to its HTTP answer: status, headers, JSON or problem+json. */
final class WriteAnswers {

    /** A write's outcome and how many nodes were confirmed to hold it (1, this one, unless ?replicas asked for more). */
    record Committed(WriteOutcome outcome, int confirmed) {}

    private final NodeMetrics metrics;
    private final Duration replicasTimeout;

    WriteAnswers(NodeMetrics metrics, Duration replicasTimeout) {
        this.metrics = metrics;
        this.replicasTimeout = replicasTimeout;
    }

    void written(HttpServerExchange ex, UUID key, Committed committed, WriteRequest request) {
        int confirmed = committed.confirmed();
        switch (committed.outcome()) {
            case WriteOutcome.PreconditionFailed f -> Problem.send(ex, 412, "Precondition Failed",
                    f.current() != null && !f.current().isDeleted()
                            ? "the blob exists and its ETag is " + BlobHeaders.etag(f.current().winner())
                            : "the blob does not exist");
            case WriteOutcome.Written w -> {
                metrics.write(false);
                Map<String, Object> body = Json.record(w.record());
                body.put("replicas", confirmed);
                ex.getResponseHeaders().put(Headers.ETAG, BlobHeaders.etag(w.record()));
                ex.getResponseHeaders().put(BlobHeaders.VERSION, w.record().version().toString());
                ex.getResponseHeaders().put(Headers.LOCATION, "/v1/blobs/" + key);
                if (confirmed < request.replicas()) {
                    body.put("detail", "written at this node, but only " + confirmed + " of " + request.replicas()
                            + " replicas confirmed within " + replicasTimeout.toSeconds() + " s; it keeps spreading");
                    Json.send(ex, 504, body);
                    return;
                }
                Json.send(ex, w.created() || request.serverPicked() ? 201 : 200, body);
            }
            default -> refused(ex, committed.outcome());
        }
    }

    void deleted(HttpServerExchange ex, WriteOutcome outcome) {
        switch (outcome) {
            case WriteOutcome.Written w -> {
                metrics.write(true);
                ex.getResponseHeaders().put(BlobHeaders.VERSION, w.record().version().toString());
                ex.setStatusCode(204);
                ex.endExchange();
            }
            case WriteOutcome.PreconditionFailed f -> Problem.send(ex, 412, "Precondition Failed",
                    "the blob's current ETag does not match If-Match");
            default -> refused(ex, outcome);
        }
    }

    /** The outcomes a write and a delete answer alike. */
    private static void refused(HttpServerExchange ex, WriteOutcome outcome) {
        switch (outcome) {
            case WriteOutcome.Unavailable u -> {
                // the node cannot take writes for now (starting, re-syncing, clock)
                ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                Problem.send(ex, 503, "Service Unavailable", u.reason());
            }
            case WriteOutcome.Forbidden f -> Problem.send(ex, 403, "Forbidden", f.reason());
            case WriteOutcome.Conflict c -> Problem.send(ex, 409, "Conflict", c.reason());
            case WriteOutcome.Invalid i -> Problem.send(ex, 400, "Bad Request", i.reason());
            case WriteOutcome.Written w -> throw new IllegalArgumentException("not a refusal: " + outcome);
            case WriteOutcome.PreconditionFailed f -> throw new IllegalArgumentException("not a refusal: " + outcome);
        }
    }

    static void tooLarge(HttpServerExchange ex, Store.ContentTooLargeException e) {
        ex.getResponseHeaders().put(Headers.CONNECTION, "close");
        Problem.send(ex, 413, "Content Too Large", e.getMessage());
    }
}
