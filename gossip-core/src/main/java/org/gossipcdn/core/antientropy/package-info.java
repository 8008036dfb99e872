/**
 * Anti-entropy: the fixed-shape {@link org.gossipcdn.core.antientropy.DigestTree} and the
 * periodic push-pull that compares it top-down with one random peer and transfers the key
 * states of differing leaves only. Owned by the node's loop.
 */
package org.gossipcdn.core.antientropy;
