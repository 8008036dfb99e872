package org.gossipcdn.core.sim;

import org.gossipcdn.core.time.Clock;

/** A host's view of virtual time, with its wall clock skewed by the host's offset. */
public final class SimClock implements Clock {

    private final SimNetwork network;
    private final SimNetwork.Host host;

    SimClock(SimNetwork network, SimNetwork.Host host) {
        this.network = network;
        this.host = host;
    }

    @Override
    public long wallMillis() {
        return SimNetwork.EPOCH_MILLIS + network.nowNanos() / 1_000_000 + host.clockOffsetMillis;
    }

    @Override
    public long monotonicNanos() {
        return network.nowNanos();
    }
}
