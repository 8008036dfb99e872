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
 * LEFT over DEAD is the force-leave ({@code gcdn members remove}, proposal 0016): an operator
 * declares a dead member gone for good, and every node takes that over its own "dead".
 * {@code MemberTest} checks the whole table.
 */
public record Member(NodeId id, Address address, Role role, MemberStatus status, long incarnation) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be >= 0, was " + incarnation);
        }
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
        return new Member(id, address, role, newStatus, newIncarnation);
    }

    @Override
    public String toString() {
        return id.shortId() + "@" + address + "/" + status + "#" + incarnation;
    }
}
