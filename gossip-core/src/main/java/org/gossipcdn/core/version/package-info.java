/**
 * Versions and the "who wins" rule: {@link org.gossipcdn.core.version.Version} (HLC, node),
 * {@link org.gossipcdn.core.version.BlobRecord} (one write's metadata) and
 * {@link org.gossipcdn.core.version.KeyState} (a key's heads: the winner plus the kept
 * losing concurrent versions), merged by a pure join. The laws are in {@code KeyState}'s
 * Javadoc and proven by jqwik in {@code KeyStateProperties}. All types are immutable values.
 */
package org.gossipcdn.core.version;
