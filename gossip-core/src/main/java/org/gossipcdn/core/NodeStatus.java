package org.gossipcdn.core;

import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.membership.Member;

/**
 * One node's view at a moment: enough to see at a glance whether a network has converged
 * (equal digest roots and member counts everywhere).
 */
public record NodeStatus(Member self, int liveMembers, long keys, Digest digestRoot, boolean resyncing,
                         int queuedRumors) {}
