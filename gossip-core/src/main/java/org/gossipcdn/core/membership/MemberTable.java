package org.gossipcdn.core.membership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gossipcdn.core.identity.NodeId;

/**
 * The members this node knows of (not itself), alive or kept as tombstones. Iteration order is
 * insertion order, never hash order, so simulated runs are reproducible.
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
final class MemberTable {

    private final Map<NodeId, Member> members = new LinkedHashMap<>();
    private final Map<NodeId, Long> goneSinceNanos = new LinkedHashMap<>();

    Member get(NodeId id) {
        return members.get(id);
    }

    void put(Member member, long nowNanos) {
        members.put(member.id(), member);
        if (member.status().isGone()) {
            goneSinceNanos.putIfAbsent(member.id(), nowNanos);
        } else {
            goneSinceNanos.remove(member.id());
        }
    }

    Collection<Member> all() {
        return members.values();
    }

    /** Members not dead or left. */
    int liveCount() {
        return members.size() - goneSinceNanos.size();
    }

    /**
     * Removes tombstones older than {@code retentionNanos}; returns them. A dead data member is never
     * forgotten: it may come back holding values whose deletes the others must keep until it has
     * them (proposal 0003), so it stays until it returns (or leaves).
     */
    List<Member> reap(long nowNanos, long retentionNanos) {
        List<Member> reaped = new ArrayList<>();
        goneSinceNanos.entrySet().removeIf(e -> {
            Member m = members.get(e.getKey());
            if (m.role() == Role.DATA && m.status() == MemberStatus.DEAD) {
                return false;
            }
            if (nowNanos - e.getValue() >= retentionNanos) {
                reaped.add(members.remove(e.getKey()));
                return true;
            }
            return false;
        });
        return reaped;
    }
}
