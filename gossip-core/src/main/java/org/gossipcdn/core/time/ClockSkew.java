package org.gossipcdn.core.time;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.gossipcdn.core.identity.NodeId;

/**
 * How far this node's wall clock is from its peers', estimated from probe round trips: a peer's
 * ack carries its wall clock, and with the round trip time t the peer's clock when it answered
 * is compared with ours at send + t/2. The estimate is the median over the last sample of each
 * of the most recent {@value #MAX_PEERS} peers, so one bad peer clock does not move it.
 *
 * <p>A node whose clock runs ahead of its peers' median by more than maxClockDrift refuses local
 * writes: their HLCs would win every later conflict (peers would refuse them anyway).
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
public final class ClockSkew {

    static final int MAX_PEERS = 64;
    static final int MIN_SAMPLES = 2;

    private final Map<NodeId, Long> offsets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Long> eldest) {
            return size() > MAX_PEERS;
        }
    };

    /**
     * Records one exchange: sent at {@code sentWallMillis} by our clock, answered by {@code peer}
     * whose clock read {@code peerWallMillis}, received after {@code rttMillis}. A one-way message
     * (an inbound ping) is a sample with the receive time and a round trip of 0.
     */
    public void sample(NodeId peer, long sentWallMillis, long peerWallMillis, long rttMillis) {
        offsets.put(peer, peerWallMillis - (sentWallMillis + rttMillis / 2));
    }

    private int expectedPeers;

    /** How many live peers this node knows; a lone node has nothing to compare with. */
    public void expectPeers(int peers) {
        this.expectedPeers = peers;
    }

    /**
     * True once the clock has been compared with enough peers to judge it: min(2, known peers)
     * samples. A node's first writes wait for this (a second at most), so a badly skewed node
     * never acknowledges a write its peers would refuse.
     */
    public boolean compared() {
        return offsets.size() >= Math.min(MIN_SAMPLES, expectedPeers);
    }

    /** How far this node's clock is ahead of its peers' median (negative: behind); empty without samples. */
    public OptionalLong localAheadMillis() {
        if (offsets.isEmpty()) {
            return OptionalLong.empty();
        }
        List<Long> sorted = new ArrayList<>(offsets.values());
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        return OptionalLong.of(-median);
    }

    public int peers() {
        return offsets.size();
    }
}
