package org.gossipcdn.core.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and sizes of SWIM membership. {@link #defaults()} explains each value.
 *
 * @param protocolPeriod how often a node probes one member
 * @param probeTimeout how long a direct probe waits for its ack before going indirect
 * @param indirectProbes how many members are asked to probe indirectly (k)
 * @param retransmitMultiplier λ: each update is piggybacked about λ·ceil(log10(N+1)) times
 * @param suspicionMultiplier a suspect is declared dead after mult·max(1, log10 N)·period
 * @param pushPullInterval how often a full state sync runs with one random member
 * @param deadRetention how long left members, and dead members that hold no data, are kept as tombstones (dead
 *                      ones are retried meanwhile); dead data members are kept until they return (proposal 0003)
 * @param maxPiggyback how many updates ride on one message at most
 */
public record MembershipConfig(Duration protocolPeriod, Duration probeTimeout, int indirectProbes,
                               int retransmitMultiplier, int suspicionMultiplier, Duration pushPullInterval,
                               Duration deadRetention, int maxPiggyback) {

    public MembershipConfig {
        positive("protocolPeriod", protocolPeriod);
        positive("probeTimeout", probeTimeout);
        positive("pushPullInterval", pushPullInterval);
        positive("deadRetention", deadRetention);
        if (probeTimeout.compareTo(protocolPeriod) >= 0) {
            throw new IllegalArgumentException("probeTimeout must be shorter than protocolPeriod, was "
                    + probeTimeout + " >= " + protocolPeriod);
        }
        if (indirectProbes < 0) {
            throw new IllegalArgumentException("indirectProbes must be >= 0, was " + indirectProbes);
        }
        if (retransmitMultiplier < 1) {
            throw new IllegalArgumentException("retransmitMultiplier must be >= 1, was " + retransmitMultiplier);
        }
        if (suspicionMultiplier < 1) {
            throw new IllegalArgumentException("suspicionMultiplier must be >= 1, was " + suspicionMultiplier);
        }
        if (maxPiggyback < 1) {
            throw new IllegalArgumentException("maxPiggyback must be >= 1, was " + maxPiggyback);
        }
    }

    public static MembershipConfig defaults() {
        return new MembershipConfig(
                Duration.ofSeconds(1),      // SWIM's period: detection in a few seconds at ~1 msg/s/node
                Duration.ofMillis(500),     // far above a LAN round trip, leaves half the period for indirect probes
                3,                          // k = 3 indirect probes make a false suspicion from loss rare
                4,                          // λ = 4 as memberlist: reaches all with high probability
                4,                          // memberlist's default; ~8 s at N = 128
                Duration.ofSeconds(30),     // full sync heals what piggybacking missed, at low cost
                Duration.ofHours(24),       // stale "alive" gossip dies out long before; dead members are retried
                                            // for reconnection all that time, so a day-long partition still heals
                16);                        // keeps messages small while spreading a burst of joins quickly
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }

    public MembershipConfig withProtocolPeriod(Duration period, Duration timeout) {
        return new MembershipConfig(period, timeout, indirectProbes, retransmitMultiplier, suspicionMultiplier,
                pushPullInterval, deadRetention, maxPiggyback);
    }

    public MembershipConfig withPushPullInterval(Duration interval) {
        return new MembershipConfig(protocolPeriod, probeTimeout, indirectProbes, retransmitMultiplier,
                suspicionMultiplier, interval, deadRetention, maxPiggyback);
    }

    public MembershipConfig withDeadRetention(Duration retention) {
        return new MembershipConfig(protocolPeriod, probeTimeout, indirectProbes, retransmitMultiplier,
                suspicionMultiplier, pushPullInterval, retention, maxPiggyback);
    }
}
