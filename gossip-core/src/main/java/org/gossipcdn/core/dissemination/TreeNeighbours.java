package org.gossipcdn.core.dissemination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;

/**
 * This node's links of the broadcast tree (proposal 0021): eager neighbours get records pushed at
 * once, lazy ones get announcements. A link enters eager (a new neighbour, a graft, a fresh push
 * received over it), turns lazy when a duplicate arrives over it (prune), and leaves when its
 * member is gone. Links are used symmetrically: both ends prune on the same duplicate, and a
 * member that pushes to or announces to this node becomes its neighbour too.
 *
 * <p>Not thread-safe: owned by the node's loop. Insertion-ordered, so simulated runs repeat.
 */
final class TreeNeighbours {

    private final Map<NodeId, Address> eager = new LinkedHashMap<>();
    private final Map<NodeId, Address> lazy = new LinkedHashMap<>();

    /** Makes the link to {@code id} a tree edge (a new neighbour, a graft, or a fresh push over it). */
    void eager(NodeId id, Address address) {
        Objects.requireNonNull(address, "address");
        lazy.remove(id);
        eager.put(id, address);
    }

    /** Keeps {@code id} as a neighbour for announcements; an eager link stays eager. */
    void lazy(NodeId id, Address address) {
        Objects.requireNonNull(address, "address");
        if (!eager.containsKey(id)) {
            lazy.put(id, address);
        }
    }

    /** A duplicate came over the link to {@code id}: it stays a neighbour, for announcements only. */
    void prune(NodeId id) {
        Address a = eager.remove(id);
        if (a != null) {
            lazy.put(id, a);
        }
    }

    /** Drops the neighbours {@code gone} says are gone; returns how many were dropped. */
    int dropIf(Predicate<NodeId> gone) {
        int before = size();
        eager.keySet().removeIf(gone);
        lazy.keySet().removeIf(gone);
        return before - size();
    }

    boolean contains(NodeId id) {
        return eager.containsKey(id) || lazy.containsKey(id);
    }

    boolean isEager(NodeId id) {
        return eager.containsKey(id);
    }

    int size() {
        return eager.size() + lazy.size();
    }

    /** The eager neighbours, as (id, address) pairs in a copy. */
    List<Map.Entry<NodeId, Address>> eagerLinks() {
        return copy(eager);
    }

    /** The lazy neighbours, as (id, address) pairs in a copy. */
    List<Map.Entry<NodeId, Address>> lazyLinks() {
        return copy(lazy);
    }

    private static List<Map.Entry<NodeId, Address>> copy(Map<NodeId, Address> links) {
        List<Map.Entry<NodeId, Address>> out = new ArrayList<>(links.size());
        links.forEach((id, address) -> out.add(Map.entry(id, address)));
        return out;
    }

    int eagerCount() {
        return eager.size();
    }
}
