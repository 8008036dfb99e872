package org.gossipcdn.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a node should take client traffic now, as its loop sees it (proposal 0019): it has
 * joined a network (or is the first member, with no seed but itself), compared its clock with its
 * peers, is not re-syncing pull-first after a leave, and is not leaving. An orchestrator routes
 * clients to a node only while all hold; an app adds its own checks (disk budget, ...) to
 * {@link #reasons()}.
 *
 * @param joined a seed answered, another member is known, or there was nothing to join
 * @param clockCompared the wall clock was compared with enough peers to judge its drift
 * @param resyncing the replica is stale (it left before) and re-syncs pull-first; it refuses writes meanwhile
 * @param leaving the node is leaving the network (graceful stop)
 */
public record Readiness(boolean joined, boolean clockCompared, boolean resyncing, boolean leaving) {

    /** True when no reason stands against taking traffic. */
    public boolean ready() {
        return reasons().isEmpty();
    }

    /** Why the node is not ready, one sentence each, in a fixed order; empty when it is. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>(4);
        if (!joined) {
            reasons.add("not joined: no seed or bootstrap answered yet and no other member is known");
        }
        if (!clockCompared) {
            reasons.add("clock not yet compared with peers");
        }
        if (resyncing) {
            reasons.add("re-syncing pull-first after leaving the network; writes are refused until one sync completes");
        }
        if (leaving) {
            reasons.add("leaving the network");
        }
        return List.copyOf(reasons);
    }
}
