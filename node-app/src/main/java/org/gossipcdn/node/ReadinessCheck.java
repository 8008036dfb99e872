package org.gossipcdn.node;

import java.util.Optional;

/**
 * One more condition for {@code GET /v1/health/ready} beyond what the node's loop knows (see
 * {@link org.gossipcdn.core.Readiness}): e.g. "over the disk budget". Called on a worker thread for
 * every readiness request, so it must be fast and must not block.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Why the node must not take traffic now, or empty when this check has nothing against it. */
    Optional<String> notReadyBecause();
}
