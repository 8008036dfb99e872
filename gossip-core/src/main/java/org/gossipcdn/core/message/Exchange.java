package org.gossipcdn.core.message;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.spi.Transport;

/**
 * One request and its answer, delivered on the node's loop: the returned future completes on
 * the loop with the response, or with a {@link TimeoutException} after {@code timeout} measured
 * by the node's own {@link Scheduler} (so the simulator's virtual time governs it).
 */
public final class Exchange {

    private final Transport transport;
    private final Scheduler scheduler;
    private final Listener listener;

    public Exchange(Transport transport, Scheduler scheduler, Listener listener) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Sends {@code request} and completes with its answer, on the loop: failed with a
     * {@link TimeoutException} after {@code timeout}, with a {@link RefusedException} when the peer
     * answered {@link Nack}, and with an {@link IllegalStateException} for an answer of another type.
     */
    public <R extends Response> CompletableFuture<R> call(Address to, Request<R> request, Duration timeout) {
        CompletableFuture<R> result = new CompletableFuture<>();
        listener.onMessage(request.type(), true);
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> result.completeExceptionally(
                new TimeoutException(request.type() + " to " + to + " got no answer in " + timeout.toMillis() + " ms")));
        CompletableFuture<GossipMessage> sent;
        try {
            sent = transport.request(to, request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((response, error) -> scheduler.execute(() -> {
            timer.cancel();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                listener.onMessage(response.type(), false);
                if (request.responseType().isInstance(response)) {
                    result.complete(request.responseType().cast(response));
                } else if (response instanceof Nack nack) {
                    result.completeExceptionally(new RefusedException(request.type() + " to " + to + " refused: "
                            + nack.reason()));
                } else {
                    result.completeExceptionally(new IllegalStateException(request.type() + " to " + to + " was answered with "
                            + response.type() + ", not " + request.responseType().getSimpleName()));
                }
            }
        }));
        return result;
    }

    /** A peer answered a request with {@link Nack}. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    public Transport transport() {
        return transport;
    }
}
