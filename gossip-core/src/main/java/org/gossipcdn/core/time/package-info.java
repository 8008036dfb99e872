/**
 * Time: the {@link org.gossipcdn.core.time.Clock} seam and the hybrid logical clock.
 *
 * <p>Invariant: a node's HLC never goes backwards and every local stamp exceeds every
 * stamp it has observed, so a write made after seeing another is ordered after it.
 * Threading: {@code HlcClock} belongs to the node's loop; {@code Hlc} values are immutable.
 */
package org.gossipcdn.core.time;
