/**
 * SWIM membership with incarnation numbers, Lifeguard's buddy system and log-N suspicion
 * timeouts. The override rule is the pure {@link org.gossipcdn.core.membership.Member#supersedes};
 * the mutable state lives in {@code MemberTable} and {@code BroadcastQueue}, both owned by the
 * node's loop. Nothing here is thread-safe; the node's single loop makes locks unnecessary.
 */
package org.gossipcdn.core.membership;
