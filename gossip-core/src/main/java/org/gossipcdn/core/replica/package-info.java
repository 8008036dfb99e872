/**
 * The local replica: applies local writes and peers' records through the pure merge rule,
 * keeps the digest tree in the same store batch as each record, purges old tombstones and
 * expired losers, and re-syncs by pull after a long absence (proposal 0003).
 *
 * <p>Threading: {@code Replica} belongs to the node's loop.
 */
package org.gossipcdn.core.replica;
