package org.gossipcdn.core.membership;

import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;

/**
 * One member as some node sees it, and the unit of membership gossip.
 *
 * <h2>The override rule (SWIM with incarnations)</h2>
 * {@link #supersedes(Member)} decides whether this claim replaces the current one about the
 * same member. Only the member itself raises its incarnation, to refute a suspicion or to come
 * back after it was declared dead. With i the incoming and j the current incarnation:
 * <pre>
 *   incoming \ current   ALIVE    SUSPECT   DEAD/LEFT
 *   ALIVE                i > j    i > j     i > j
 *   SUSPECT              i >= j   i > j     never
 *   DEAD                 i >= j   i >= j    never
 *   LEFT                 i >= j   i >= j    i >= j over DEAD; never over LEFT
 * </pre>
 * LEFT over DEAD is the force-leave ({@code gcdn members remove}, proposal 0019): an operator
 * declares a dead member gone for good, and every node takes that over its own "dead".
 * {@code MemberTest} checks the whole table.
 */
public record Member(NodeId id, Address address, Role role, MemberStatus status, long incarnation, long capacity) {

    /** The capacity a member advertises when its operator names none: 1 TiB, the same weight for all. */
    public static final long DEFAULT_CAPACITY = 1L << 40;
    /** The largest capacity a member may advertise: 1 EiB. */
    public static final long MAX_CAPACITY = 1L << 60;

    /**
     * @param capacity the bytes this member offers for content it holds; the weight placement gives
     *                 it ({@code org.gossipcdn.core.placement.Rendezvous}). 0 (a peer that sends
     *                 none) means {@link #DEFAULT_CAPACITY}.
     */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be >= 0, was " + incarnation);
        }
        if (capacity == 0) {
            capacity = DEFAULT_CAPACITY;
        }
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 1.." + MAX_CAPACITY + " bytes, was " + capacity);
        }
    }

    /** A member with the {@link #DEFAULT_CAPACITY}. */
    public Member(NodeId id, Address address, Role role, MemberStatus status, long incarnation) {
        this(id, address, role, status, incarnation, DEFAULT_CAPACITY);
    }

    /** True if this claim replaces {@code current} (same member); see the table above. */
    public boolean supersedes(Member current) {
        if (!id.equals(current.id)) {
            throw new IllegalArgumentException("members differ: " + id + " vs " + current.id);
        }
        long i = incarnation;
        long j = current.incarnation;
        return switch (status) {
            case ALIVE -> i > j;
            case SUSPECT -> switch (current.status) {
                case ALIVE -> i >= j;
                case SUSPECT -> i > j;
                case DEAD, LEFT -> false;
            };
            case DEAD -> !current.status.isGone() && i >= j;
            case LEFT -> current.status != MemberStatus.LEFT && i >= j;
        };
    }

    public Member with(MemberStatus newStatus, long newIncarnation) {
        return new Member(id, address, role, newStatus, newIncarnation, capacity);
    }

    @Override
    public String toString() {
        return id.shortId() + "@" + address + "/" + status + "#" + incarnation;
    }
}
