package org.gossipcdn.core.antientropy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.HasQuery;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.version.BlobRecord;

/**
 * Purges deletes once no member can bring back what they deleted. Each tick the replica's sweep
 * visits a few leaves and names the deletes past tombstoneGrace; for each, every data member this
 * node knows of that has not left (alive, suspect or dead: a dead member may come back with the old
 * value, and dead data members are never forgotten) is asked whether it could bring back what the
 * delete removed. Only when all say no is the key purged, with every record kept beside the delete.
 * A member that does not answer (down, cut off by a partition of any length) keeps the delete
 * alive everywhere, so a partition can outlast the grace period without resurrecting anything.
 * A member that left and comes back re-syncs pull-first instead (it may have missed purges).
 * See proposals/0003-tombstones-and-rejoin.md.
 *
 * <p>Not thread-safe: runs on the node's loop.
 */
public final class TombstonePurge {

    private static final Logger LOG = System.getLogger(TombstonePurge.class.getName());
    /** How many purge checks may be waiting for answers at once; bounds the messages a sweep sends. */
    static final int MAX_IN_FLIGHT = 64;

    private final Replica replica;
    private final Membership membership;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final Duration tick;
    private final Duration callTimeout;
    private final Set<UUID> inFlight = new HashSet<>();
    private boolean running;

    /**
     * @param tick how often the sweep visits its next leaves
     * @param callTimeout how long a member has to answer a purge check
     */
    public TombstonePurge(Replica replica, Membership membership, Exchange exchange, Scheduler scheduler, Duration tick,
                          Duration callTimeout) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    public void start() {
        running = true;
        scheduler.schedule(tick, this::tick);
    }

    public void stop() {
        running = false;
    }

    private void tick() {
        if (!running) {
            return;
        }
        scheduler.schedule(tick, this::tick);
        for (BlobRecord tombstone : replica.sweep()) {
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                return; // the sweep comes round again
            }
            if (inFlight.add(tombstone.key())) {
                check(tombstone);
            }
        }
    }

    /** Asks every data member about {@code tombstone}; purges when all answered that they cannot resurrect it. */
    private void check(BlobRecord tombstone) {
        List<Member> members = new ArrayList<>();
        for (Member m : membership.snapshot()) {
            if (m.role() == Role.DATA && m.status() != MemberStatus.LEFT && !m.id().equals(membership.self().id())) {
                members.add(m);
            }
        }
        if (!replica.mayPurge(!members.isEmpty())) {
            inFlight.remove(tombstone.key());
            return; // restarted and not yet in touch: an empty member table is not an empty network
        }
        List<CompletableFuture<Boolean>> answers = new ArrayList<>(members.size());
        for (Member m : members) {
            answers.add(exchange.call(m.address(), new HasQuery(m.id(), tombstone.key(), tombstone.version()), callTimeout)
                    .handle((reply, error) -> error == null && reply.safeToPurge()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            inFlight.remove(tombstone.key());
            if (!running) {
                return;
            }
            for (CompletableFuture<Boolean> a : answers) {
                if (!a.join()) {
                    return; // someone may still hold the deleted value; the next sweep asks again
                }
            }
            if (replica.purge(tombstone.key(), tombstone.version())) {
                LOG.log(Level.DEBUG, "purged delete {0} {1}: all {2} data members have it", tombstone.key(),
                        tombstone.version(), members.size());
            }
        });
    }
}
