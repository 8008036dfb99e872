package org.gossipcdn.core;

import java.time.Duration;
import java.util.Objects;
import org.gossipcdn.core.membership.MembershipConfig;
import org.gossipcdn.core.replica.ReplicaConfig;

/**
 * Every setting of a {@link GossipNode}, one record per component. {@link #defaults()} is what
 * production runs; each component's {@code defaults()} explains its values.
 */
public record GossipConfig(MembershipConfig membership, DisseminationConfig dissemination,
                           AntiEntropyConfig antiEntropy, ReplicaConfig replica, PlacementConfig placement) {

    public GossipConfig {
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(dissemination, "dissemination");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(placement, "placement");
    }

    public static GossipConfig defaults() {
        return new GossipConfig(MembershipConfig.defaults(), DisseminationConfig.defaults(),
                AntiEntropyConfig.defaults(), ReplicaConfig.defaults(), PlacementConfig.defaults());
    }

    /** Five times faster timings, for tests and demos on loopback. */
    public static GossipConfig fastTest() {
        GossipConfig d = defaults();
        return d.withMembership(d.membership.withProtocolPeriod(Duration.ofMillis(200), Duration.ofMillis(100))
                        .withPushPullInterval(Duration.ofSeconds(5)))
                .withDissemination(d.dissemination.withGossipTick(Duration.ofMillis(50)))
                .withAntiEntropy(d.antiEntropy.withInterval(Duration.ofMillis(200)));
    }

    public GossipConfig withMembership(MembershipConfig m) {
        return new GossipConfig(m, dissemination, antiEntropy, replica, placement);
    }

    public GossipConfig withDissemination(DisseminationConfig d) {
        return new GossipConfig(membership, d, antiEntropy, replica, placement);
    }

    public GossipConfig withAntiEntropy(AntiEntropyConfig a) {
        return new GossipConfig(membership, dissemination, a, replica, placement);
    }

    public GossipConfig withReplica(ReplicaConfig r) {
        return new GossipConfig(membership, dissemination, antiEntropy, r, placement);
    }

    public GossipConfig withPlacement(PlacementConfig p) {
        return new GossipConfig(membership, dissemination, antiEntropy, replica, p);
    }
}
