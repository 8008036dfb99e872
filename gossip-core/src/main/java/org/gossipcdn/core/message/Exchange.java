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

    public CompletableFuture<GossipMessage> call(Address to, GossipMessage request, Duration timeout) {
        CompletableFuture<GossipMessage> result = new CompletableFuture<>();
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
                result.complete(response);
            }
        }));
        return result;
    }

    public Transport transport() {
        return transport;
    }
}
