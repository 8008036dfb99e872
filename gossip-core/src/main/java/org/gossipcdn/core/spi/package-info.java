/**
 * The seams through which the world enters gossip-core: {@link org.gossipcdn.core.spi.Transport},
 * {@link org.gossipcdn.core.spi.Store}, {@link org.gossipcdn.core.spi.Scheduler} and
 * {@link org.gossipcdn.core.spi.Listener} (plus {@code time.Clock} and a
 * {@code java.util.random.RandomGenerator}). Each method documents its threading and failures.
 */
package org.gossipcdn.core.spi;
