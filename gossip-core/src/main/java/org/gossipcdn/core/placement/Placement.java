package org.gossipcdn.core.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Role;

/**
 * Which data members hold a key's content, as this node's view of membership says: the top R
 * by {@link Rendezvous} score among data members that are alive or suspect (a suspect may be
 * alive; a dead or left member holds nothing). Views differ between nodes for a while; the
 * {@link Rebalancer} makes that safe. See proposals/0016-placement.md.
 *
 * <p>Pure over the member list it is given; called on the node's loop.
 */
public final class Placement {

    /** A data member and its score for some key. */
    public record Holder(Member member, double score) {}

    private static final Comparator<Holder> BEST_FIRST = Comparator.comparingDouble(Holder::score).reversed()
            .thenComparing(h -> h.member().id());

    private final NodeId self;
    private final int replicas;
    private final Supplier<List<Member>> members;

    /**
     * @param members every member this node knows, itself included (dead and left ones are skipped)
     */
    public Placement(NodeId self, int replicas, Supplier<List<Member>> members) {
        this.self = Objects.requireNonNull(self, "self");
        this.members = Objects.requireNonNull(members, "members");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
        this.replicas = replicas;
    }

    /** R, the replication factor. */
    public int replicas() {
        return replicas;
    }

    /** Every live data member, best score for {@code key} first. */
    public List<Holder> rank(UUID key) {
        List<Holder> ranked = new ArrayList<>();
        for (Member m : members.get()) {
            if (placeable(m)) {
                ranked.add(new Holder(m, Rendezvous.score(key, m.id(), m.capacity())));
            }
        }
        ranked.sort(BEST_FIRST);
        return ranked;
    }

    /** The key's holders: the first min(R, live data members) of {@link #rank}. */
    public List<Holder> holders(UUID key) {
        List<Holder> ranked = rank(key);
        return List.copyOf(ranked.subList(0, Math.min(replicas, ranked.size())));
    }

    /** True if this node is one of the key's holders; O(members), no sorting. */
    public boolean isHolder(UUID key) {
        List<Member> all = members.get();
        Member me = null;
        for (Member m : all) {
            if (m.id().equals(self)) {
                me = m;
                break;
            }
        }
        if (me == null || !placeable(me)) {
            return false;
        }
        Holder mine = new Holder(me, Rendezvous.score(key, me.id(), me.capacity()));
        int better = 0;
        for (Member m : all) {
            if (placeable(m) && !m.id().equals(self)
                    && BEST_FIRST.compare(new Holder(m, Rendezvous.score(key, m.id(), m.capacity())), mine) < 0
                    && ++better >= replicas) {
                return false;
            }
        }
        return true;
    }

    /** How many copies an acknowledged blob must keep: min(R, live data members). */
    public int copiesRequired() {
        int live = 0;
        for (Member m : members.get()) {
            if (placeable(m)) {
                live++;
            }
        }
        return Math.min(replicas, live);
    }

    /** A number that changes when the placeable members (or R) change; equal sets give equal numbers. O(members). */
    public long membersFingerprint() {
        long sum = replicas;
        for (Member m : members.get()) {
            if (placeable(m)) { // order-free: a sum of well-mixed terms
                sum += Rendezvous.mix(m.id().high() ^ Rendezvous.mix(m.id().low() ^ Rendezvous.mix(m.capacity())));
            }
        }
        return sum;
    }

    private static boolean placeable(Member m) {
        return m.role() == Role.DATA && !m.status().isGone();
    }
}
