package org.gossipcdn.core.sim;

import java.time.Duration;
import org.gossipcdn.core.spi.Scheduler;

/** A host's event loop on the network's virtual-time queue. A crash drops what was scheduled. */
public final class SimScheduler implements Scheduler {

    private final SimNetwork network;
    private final SimNetwork.Host host;

    SimScheduler(SimNetwork network, SimNetwork.Host host) {
        this.network = network;
        this.host = host;
    }

    @Override
    public void execute(Runnable task) {
        network.schedule(host, 0, task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        network.schedule(host, delay.toNanos(), () -> {
            if (!cancelled[0]) {
                task.run();
            }
        });
        return () -> cancelled[0] = true;
    }
}
