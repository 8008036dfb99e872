package org.gossipcdn.core.spi;

import java.time.Duration;

/**
 * The node's event loop. Every task of one node runs on it one at a time, so protocol state
 * needs no locks. Production: {@code org.gossipcdn.core.LoopScheduler} (one thread); the
 * simulator runs every node's loop on one virtual-time queue.
 *
 * <p>Both methods are callable from any thread and never block. Tasks must not block either.
 */
public interface Scheduler {

    /** Runs {@code task} on the loop as soon as possible, after tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delay}; the handle cancels it if it has not run. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
