package org.gossipcdn.core.dissemination;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.DisseminationConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Graft;
import org.gossipcdn.core.message.IHave;
import org.gossipcdn.core.message.Push;
import org.gossipcdn.core.message.PushReply;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.version.BlobRecord;

/**
 * Spreading of records. With eager push on (the default), a record committed here goes at once
 * along a self-repairing broadcast tree ({@link EagerPush}, proposal 0021): about N−1 pushes per
 * record, each hop one message with small content inline. The rumor tick stays as the safety net:
 * a push that got no answer puts its records on the tick, which pushes them to {@code fanout}
 * random data members. With eager push off (the tick-only baseline), each gossip tick pushes the
 * fresh records to {@code fanout} random data members and receivers forward them while fresh: an
 * epidemic, all N nodes hold a record after about log2 N + ln N ticks. Either way a receiver takes
 * records in through its {@link org.gossipcdn.core.replica.Intake} and publishes here what changed
 * its replica; anti-entropy guarantees what both miss.
 *
 * <p>Not thread-safe: runs on the node's loop.
 */
public final class Dissemination {

    private final DisseminationConfig config;
    private final Membership membership;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Address selfAddress;
    private final RumorQueue queue = new RumorQueue();
    private final EagerPush eager;
    private boolean running;

    /** Tick-only spreading, with no replica to consult (tests of the rumor path). */
    public Dissemination(DisseminationConfig config, Membership membership, Exchange exchange,
                         Scheduler scheduler, RandomGenerator random, Address selfAddress) {
        this(config, membership, exchange, scheduler, random, selfAddress, RecordSource.NONE);
    }

    /**
     * @param source what the broadcast tree asks of the replica: known records, records answering
     *               a graft, small content to inline
     */
    public Dissemination(DisseminationConfig config, Membership membership, Exchange exchange,
                         Scheduler scheduler, RandomGenerator random, Address selfAddress, RecordSource source) {
        this.config = Objects.requireNonNull(config, "config");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.selfAddress = Objects.requireNonNull(selfAddress, "selfAddress");
        this.eager = new EagerPush(config, membership, exchange, scheduler, selfAddress, source,
                r -> queue.add(r, 1)); // one tick to fanout random members: the tree's failures ride the epidemic
    }

    public void start() {
        running = true;
        long tick = config.gossipTick().toNanos();
        scheduler.schedule(Duration.ofNanos(random.nextLong(tick)), this::tick);
        if (config.eagerPush()) {
            eager.start();
        }
    }

    public void stop() {
        running = false;
        eager.stop();
    }

    /**
     * A record committed here (a local write, or one just taken in): pushed at once along the tree,
     * or, with eager push off, queued for the rumor tick.
     */
    public void publish(BlobRecord record) {
        if (config.eagerPush() && running) {
            eager.broadcast(record);
        } else {
            queue.add(record, ticksPerRumor());
        }
    }

    /** Pushes per tick: about λ·ceil(log10(N+1)) transmissions spread over fanout peers a tick. */
    int ticksPerRumor() {
        int transmissions = config.retransmitMultiplier() * (int) Math.ceil(Math.log10(membership.liveCount() + 1.0));
        return Math.max(1, (transmissions + config.fanout() - 1) / config.fanout());
    }

    private void tick() {
        if (!running) {
            return;
        }
        scheduler.schedule(config.gossipTick(), this::tick);
        if (config.eagerPush()) {
            eager.repair();
        }
        if (queue.isEmpty()) {
            return;
        }
        List<Member> peers = membership.randomPeers(config.fanout(), m -> m.role() == Role.DATA);
        if (peers.isEmpty()) {
            return;
        }
        List<BlobRecord> batch = queue.take(config.maxRecordsPerMessage());
        for (Member peer : peers) {
            exchange.call(peer.address(), new Rumor(selfAddress, batch, membership.piggyback()), config.gossipTick().multipliedBy(5))
                    .thenAccept(ack -> membership.mergeAll(ack.updates()));
        }
    }

    /**
     * Takes a rumor's membership updates and answers it; its records go to the node's
     * {@link org.gossipcdn.core.replica.Intake}, which forwards what changed the replica through
     * {@link #publish}.
     */
    public GossipMessage onRumor(Rumor rumor) {
        membership.mergeAll(rumor.updates());
        return new Ack(0, membership.piggyback());
    }

    /**
     * Takes an eager push's membership updates and answers it (prune if it brought nothing new);
     * its records go to the node's intake, with their inline content.
     */
    public PushReply onPush(Push push) {
        return eager.onPush(push);
    }

    /** Takes an announcement; records still missing after the graft timeout are grafted. */
    public GossipMessage onIHave(IHave ihave) {
        return eager.onIHave(ihave);
    }

    /** A neighbour asks for records that did not reach it: the link becomes a tree edge and they are pushed. */
    public GossipMessage onGraft(Graft graft) {
        return eager.onGraft(graft);
    }

    /** Eager (tree) links of this node now; for status pages and tests. */
    public int treeLinks() {
        return eager.eagerNeighbours();
    }

    /** How many records wait to be pushed; for status pages. */
    public int queued() {
        return queue.size();
    }
}
