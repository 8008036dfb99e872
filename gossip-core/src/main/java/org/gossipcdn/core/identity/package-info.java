/**
 * Who a node is ({@link org.gossipcdn.core.identity.NodeId}) and where it is reached
 * ({@link org.gossipcdn.core.identity.Address}). Immutable values, safe on any thread.
 */
package org.gossipcdn.core.identity;
