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
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.version.BlobRecord;

/**
 * Rumor spreading of records: each gossip tick pushes the fresh records to {@code fanout}
 * random data members; a receiver takes them in through its
 * {@link org.gossipcdn.core.replica.Intake} (content fetched by hash and checked before the
 * commit) and publishes here what changed its replica, so a record is forwarded while fresh.
 * An epidemic: all N nodes hold a record after about log2 N + ln N ticks.
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
    private boolean running;

    public Dissemination(DisseminationConfig config, Membership membership, Exchange exchange,
                         Scheduler scheduler, RandomGenerator random, Address selfAddress) {
        this.config = Objects.requireNonNull(config, "config");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.selfAddress = Objects.requireNonNull(selfAddress, "selfAddress");
    }

    public void start() {
        running = true;
        long tick = config.gossipTick().toNanos();
        scheduler.schedule(Duration.ofNanos(random.nextLong(tick)), this::tick);
    }

    public void stop() {
        running = false;
    }

    /** Queues a record committed here (a local write or a fresh rumor) for pushing. */
    public void publish(BlobRecord record) {
        queue.add(record, ticksPerRumor());
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

    /** How many records wait to be pushed; for status pages. */
    public int queued() {
        return queue.size();
    }
}
