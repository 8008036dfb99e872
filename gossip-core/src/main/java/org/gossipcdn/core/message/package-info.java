/**
 * The wire messages: records under the sealed {@link org.gossipcdn.core.message.GossipMessage}.
 * Plain immutable values with no encoding annotations; transport-http owns the JSON codec.
 */
package org.gossipcdn.core.message;
