package org.gossipcdn.core;

import org.gossipcdn.core.placement.Rebalancer;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.membership.Member;

/**
 * One node's view at a moment: enough to see at a glance whether a network has converged
 * (equal digest roots and member counts everywhere), and how its content is placed.
 *
 * @param replicas R, the replication factor
 * @param placement what rebalancing found in its last pass and has done since start
 */
public record NodeStatus(Member self, int liveMembers, long keys, Digest digestRoot, boolean resyncing,
                         int queuedRumors, int replicas, Rebalancer.Progress placement) {}
