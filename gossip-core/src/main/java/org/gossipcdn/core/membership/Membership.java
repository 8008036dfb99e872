package org.gossipcdn.core.membership;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Nack;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.message.PingReq;
import org.gossipcdn.core.message.PushPull;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.time.ClockSkew;

/**
 * SWIM membership for one node: round-robin probing with indirect probes through k members,
 * suspicion with incarnation numbers and refutation, a suspicion timeout that grows with log N,
 * dead and left tombstones, piggybacked dissemination of updates, periodic push-pull sync,
 * join through seeds and graceful leave.
 *
 * <p>Not thread-safe: every method runs on the node's loop.
 */
public final class Membership {

    private static final Logger LOG = System.getLogger(Membership.class.getName());

    private final MembershipConfig config;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Clock clock;
    private final Listener listener;
    private final LongConsumer incarnationSink;
    private final ClockSkew skew;
    private final Consumer<Boolean> removedByOthers;
    /** The incarnation this run started at: a LEFT claim below it is about an earlier run. */
    private final long startIncarnation;
    private final MemberTable table = new MemberTable();
    private final BroadcastQueue broadcasts = new BroadcastQueue();
    /** The running suspicion timer of each suspect member, for the incarnation it was suspected at. */
    private final Map<NodeId, SuspicionTimer> suspicionTimers = new HashMap<>();

    private record SuspicionTimer(long incarnation, Scheduler.Cancellable timer) {}
    private final List<NodeId> probeOrder = new ArrayList<>();
    private int probeIndex;
    private Member self;
    private boolean running;
    /** A seed answered, or start had no seed but this node itself (the first member of a network). */
    private boolean joinedThroughSeed;

    public Membership(Member self, MembershipConfig config, Exchange exchange, Scheduler scheduler,
                      RandomGenerator random, Clock clock, Listener listener, LongConsumer incarnationSink,
                      ClockSkew skew) {
        this(self, config, exchange, scheduler, random, clock, listener, incarnationSink, skew, thisRun -> { });
    }

    /**
     * @param removedByOthers called on the loop when this node hears a LEFT claim about itself that it
     *        may not have made: an operator removed it (force-leave) while it ran ({@code true}), or while
     *        it was down, or it left gracefully in its previous run ({@code false}; the replica knows which).
     *        A removed node should re-sync pull-first as a node that left does (proposal 0019).
     */
    public Membership(Member self, MembershipConfig config, Exchange exchange, Scheduler scheduler,
                      RandomGenerator random, Clock clock, Listener listener, LongConsumer incarnationSink,
                      ClockSkew skew, Consumer<Boolean> removedByOthers) {
        this.removedByOthers = Objects.requireNonNull(removedByOthers, "removedByOthers");
        this.self = Objects.requireNonNull(self, "self");
        this.startIncarnation = self.incarnation();
        this.config = Objects.requireNonNull(config, "config");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.incarnationSink = Objects.requireNonNull(incarnationSink, "incarnationSink");
        this.skew = Objects.requireNonNull(skew, "skew");
    }

    /** Starts probing and periodic sync, and asks each seed for its member list. */
    public void start(List<Address> seeds) {
        running = true;
        joinedThroughSeed = seeds.stream().allMatch(self.address()::equals);
        broadcasts.add(self);
        long period = config.protocolPeriod().toNanos();
        scheduler.schedule(Duration.ofNanos(random.nextLong(period)), this::probeTick);
        long pushPull = config.pushPullInterval().toNanos();
        scheduler.schedule(Duration.ofNanos(pushPull / 2 + random.nextLong(pushPull)), this::pushPullTick);
        join(seeds);
    }

    /** Sends this node's member list to each address and merges what comes back. */
    public CompletableFuture<Integer> join(List<Address> seeds) {
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        for (Address seed : seeds) {
            if (seed.equals(self.address())) {
                continue;
            }
            long sentWall = clock.wallMillis();
            long sentNanos = clock.monotonicNanos();
            calls.add(exchange.call(seed, new PushPull(self, true, sentWall, snapshot()), config.protocolPeriod().multipliedBy(3))
                    .handle((pp, err) -> {
                        if (err == null && pp.from().id().equals(self.id())) {
                            return true; // a name that resolves to this node too (a headless Service): not a peer
                        }
                        if (err == null) {
                            joinedThroughSeed = true;
                            mergeAll(pp.members());
                            sampleClock(pp.from(), sentWall, pp.wallMillis(), sentNanos);
                            return true;
                        }
                        LOG.log(Level.INFO, "{0} could not join through {1}: {2}", self.id().shortId(), seed,
                                err.getMessage());
                        return false;
                    }));
        }
        boolean askedAny = !calls.isEmpty();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    int answered = (int) calls.stream().filter(c -> c.join()).count();
                    if (askedAny && answered == calls.size() && !joinedThroughSeed && table.liveCount() == 0) {
                        joinedThroughSeed = true; // every seed answered and each was this node: it is the first member
                    }
                    return answered;
                });
    }

    /**
     * Announces that this node leaves: marks itself LEFT and pushes that to a few members at once
     * (the rest learn by gossip). Completes when they answered or timed out.
     */
    public CompletableFuture<Void> leave() {
        self = self.with(MemberStatus.LEFT, self.incarnation() + 1);
        incarnationSink.accept(self.incarnation());
        broadcasts.add(self);
        List<CompletableFuture<PushPull>> calls = new ArrayList<>();
        for (Member peer : randomPeers(3, m -> true)) {
            calls.add(exchange.call(peer.address(), new PushPull(self, false, clock.wallMillis(), List.of(self)),
                    config.protocolPeriod()));
        }
        running = false;
        return CompletableFuture.allOf(calls.stream().map(c -> c.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Force-leave (proposal 0019, {@code gcdn members remove}): marks member {@code id} LEFT at its
     * current incarnation and spreads that at once to a few members (the rest learn by gossip and
     * push-pull). LEFT overrides DEAD at the same incarnation on every node, so a dead member is gone
     * from the network's view within a few gossip rounds, and tombstone purges stop waiting for it.
     * A member that is alive or suspect is refused unless {@code force}: it would refute the claim at
     * once and come back (after a pull-first re-sync).
     */
    public Removal remove(NodeId id, boolean force) {
        Objects.requireNonNull(id, "id");
        if (id.equals(self.id())) {
            return Removal.SELF;
        }
        Member current = table.get(id);
        if (current == null) {
            return Removal.UNKNOWN;
        }
        if (current.status() == MemberStatus.LEFT) {
            return Removal.ALREADY_LEFT;
        }
        if (!current.status().isGone() && !force) {
            return Removal.REFUSED_LIVE;
        }
        Member left = current.with(MemberStatus.LEFT, current.incarnation());
        apply(left);
        LOG.log(Level.INFO, "{0} removed member {1} (force-leave{2})", self.id().shortId(), current,
                current.status().isGone() ? "" : ", although it was " + current.status());
        for (Member peer : randomPeers(3, m -> !m.id().equals(id))) {
            exchange.call(peer.address(), new PushPull(self, false, clock.wallMillis(), List.of(self, left)),
                    config.protocolPeriod());
        }
        return Removal.REMOVED;
    }

    /** Stops timers' effects; a stopped node ignores its pending ticks. */
    public void stop() {
        running = false;
        suspicionTimers.values().forEach(t -> t.timer().cancel());
        suspicionTimers.clear();
    }

    public Member self() {
        return self;
    }

    /** Every known member including this node, tombstones included. */
    public List<Member> snapshot() {
        List<Member> all = new ArrayList<>(table.all().size() + 1);
        all.add(self);
        all.addAll(table.all());
        return all;
    }

    public Member member(NodeId id) {
        return id.equals(self.id()) ? self : table.get(id);
    }

    /**
     * True once this node is part of a network: a seed answered its join, another live member is
     * known (it joined through us, or gossip named it), or it started with no seed but itself.
     */
    public boolean joined() {
        return joinedThroughSeed || table.liveCount() > 0;
    }

    /** Number of members not dead or left, this node included. */
    public int liveCount() {
        return table.liveCount() + 1;
    }

    /** Up to {@code k} distinct random members, alive or suspect (SWIM still talks to suspects). */
    public List<Member> randomPeers(int k, Predicate<Member> filter) {
        List<Member> candidates = new ArrayList<>();
        for (Member m : table.all()) {
            if (!m.status().isGone() && filter.test(m)) {
                candidates.add(m);
            }
        }
        int n = Math.min(k, candidates.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(candidates.size() - i);
            Member tmp = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, tmp);
        }
        return new ArrayList<>(candidates.subList(0, n));
    }

    /** Updates to piggyback on an outbound message. */
    public List<Member> piggyback() {
        return broadcasts.take(config.maxPiggyback(), retransmitLimit());
    }

    /** Merges piggybacked updates from an inbound message. */
    public void mergeAll(List<Member> updates) {
        for (Member m : updates) {
            apply(m);
        }
    }

    // ---- inbound requests ----------------------------------------------------------------

    public GossipMessage onPing(Ping ping) {
        mergeAll(ping.updates());
        if (ping.wallMillis() > 0) {
            skew.sample(ping.from(), clock.wallMillis(), ping.wallMillis(), 0);
        }
        if (!ping.target().equals(self.id())) {
            return new Nack("this is " + self.id() + ", not " + ping.target());
        }
        return new Ack(clock.wallMillis(), piggyback());
    }

    public CompletableFuture<GossipMessage> onPingReq(PingReq req) {
        mergeAll(req.updates());
        Member target = req.target();
        return exchange.call(target.address(), new Ping(self.id(), target.id(), clock.wallMillis(), piggyback()),
                        config.probeTimeout())
                .handle((ack, err) -> {
                    if (err == null) {
                        mergeAll(ack.updates());
                        return new Ack(0, piggyback());
                    }
                    return new Nack("no ack from " + target.id().shortId());
                });
    }

    public GossipMessage onPushPull(PushPull pp) {
        Member before = table.get(pp.from().id());
        apply(pp.from());
        mergeAll(pp.members());
        if (pp.wallMillis() > 0) {
            skew.sample(pp.from().id(), clock.wallMillis(), pp.wallMillis(), 0);
        }
        return new PushPull(self, false, clock.wallMillis(), toldItLeft(snapshot(), before, pp.from()));
    }

    /**
     * A member that this node held as LEFT and that now syncs as alive hears the LEFT claim about
     * itself in the answer (rather than its own new claim): if an operator removed it while it was
     * down, it must re-sync pull-first before it offers its old data (proposal 0019).
     */
    private static List<Member> toldItLeft(List<Member> view, Member before, Member sender) {
        if (before == null || before.status() != MemberStatus.LEFT || sender.status().isGone()) {
            return view;
        }
        List<Member> told = new ArrayList<>(view.size());
        for (Member m : view) {
            told.add(m.id().equals(before.id()) ? before : m);
        }
        return told;
    }

    private void sampleClock(Member peer, long sentWall, long peerWall, long sentNanos) {
        if (peerWall > 0) {
            skew.sample(peer.id(), sentWall, peerWall, (clock.monotonicNanos() - sentNanos) / 1_000_000);
        }
    }

    // ---- probing ---------------------------------------------------------------------------

    private void probeTick() {
        if (!running) {
            return;
        }
        scheduler.schedule(config.protocolPeriod(), this::probeTick);
        reap();
        Member target = nextProbeTarget();
        if (target != null) {
            probe(target);
        }
    }

    private Member nextProbeTarget() {
        for (int tries = 0; tries < 2; tries++) {
            while (probeIndex < probeOrder.size()) {
                Member m = table.get(probeOrder.get(probeIndex++));
                if (m != null && !m.status().isGone()) {
                    return m;
                }
            }
            probeOrder.clear();
            for (Member m : table.all()) {
                if (!m.status().isGone()) {
                    probeOrder.add(m.id());
                }
            }
            for (int i = probeOrder.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                NodeId tmp = probeOrder.get(i);
                probeOrder.set(i, probeOrder.get(j));
                probeOrder.set(j, tmp);
            }
            probeIndex = 0;
        }
        return null;
    }

    private void probe(Member target) {
        long sentWall = clock.wallMillis();
        long sentNanos = clock.monotonicNanos();
        exchange.call(target.address(), new Ping(self.id(), target.id(), sentWall, piggybackFor(target)), config.probeTimeout())
                .whenComplete((ack, err) -> {
                    if (err == null) {
                        mergeAll(ack.updates());
                        sampleClock(target, sentWall, ack.wallMillis(), sentNanos);
                    } else {
                        probeIndirectly(target);
                    }
                });
    }

    /** Lifeguard's buddy system: a suspect we probe hears of its suspicion at once and can refute it. */
    private List<Member> piggybackFor(Member target) {
        List<Member> updates = piggyback();
        Member current = table.get(target.id());
        if (current != null && current.status() == MemberStatus.SUSPECT && !updates.contains(current)) {
            updates = new ArrayList<>(updates);
            updates.add(0, current);
        }
        return updates;
    }

    private void probeIndirectly(Member target) {
        List<Member> helpers = randomPeers(config.indirectProbes(), m -> !m.id().equals(target.id()));
        if (helpers.isEmpty()) {
            suspect(target.id());
            return;
        }
        Duration wait = config.protocolPeriod().minus(config.probeTimeout());
        int[] pending = {helpers.size()};
        boolean[] acked = {false};
        for (Member helper : helpers) {
            exchange.call(helper.address(), new PingReq(self.id(), target, piggyback()), wait)
                    .whenComplete((ack, err) -> {
                        if (err == null) {
                            mergeAll(ack.updates());
                            acked[0] = true;
                        }
                        if (--pending[0] == 0 && !acked[0]) {
                            suspect(target.id());
                        }
                    });
        }
    }

    private void suspect(NodeId id) {
        Member current = table.get(id);
        if (current != null && current.status() == MemberStatus.ALIVE) {
            apply(current.with(MemberStatus.SUSPECT, current.incarnation()));
        }
    }

    private void pushPullTick() {
        if (!running) {
            return;
        }
        scheduler.schedule(config.pushPullInterval(), this::pushPullTick);
        List<Member> targets = randomPeers(1, m -> true);
        Member dead = randomDead();
        if (dead != null) {
            targets.add(dead); // reconnect: heals a partition after both sides declared each other dead
        }
        for (Member peer : targets) {
            long sentWall = clock.wallMillis();
            long sentNanos = clock.monotonicNanos();
            exchange.call(peer.address(), new PushPull(self, false, sentWall, snapshot()), config.protocolPeriod().multipliedBy(3))
                    .thenAccept(pp -> {
                        apply(pp.from());
                        mergeAll(pp.members());
                        sampleClock(pp.from(), sentWall, pp.wallMillis(), sentNanos);
                    });
        }
    }

    /** A random member declared dead (not left) and not yet forgotten, or null. */
    private Member randomDead() {
        List<Member> dead = new ArrayList<>();
        for (Member m : table.all()) {
            if (m.status() == MemberStatus.DEAD) {
                dead.add(m);
            }
        }
        return dead.isEmpty() ? null : dead.get(random.nextInt(dead.size()));
    }

    // ---- applying updates ------------------------------------------------------------------

    /** Applies one claim about a member by the override rule; returns true if it changed anything. */
    private boolean apply(Member update, boolean broadcast) {
        if (update.id().equals(self.id())) {
            refuteIfNeeded(update);
            return false;
        }
        Member current = table.get(update.id());
        if (current == null) {
            table.put(update, clock.monotonicNanos());
            if (update.status().isGone()) {
                return false; // remember the tombstone quietly: it stops stale "alive" gossip
            }
            insertIntoProbeRound(update.id());
        } else if (update.supersedes(current)) {
            table.put(update, clock.monotonicNanos());
        } else {
            return false;
        }
        if (broadcast) {
            broadcasts.add(update);
        }
        onChanged(current, update, broadcast);
        if (update.role() == Role.DATA && (update.status() == MemberStatus.ALIVE || update.status() == MemberStatus.DEAD)) {
            retireReplaced(update.address());
        }
        skew.expectPeers(table.liveCount());
        return true;
    }

    /**
     * A dead data member whose address a new member now serves was replaced (started again with a
     * new data dir, so a new id): it is taken as left, so deletes stop waiting for it (dead data
     * members are otherwise never forgotten; proposal 0003). Every node applies the same rule when it
     * learns of the newcomer.
     */
    private void retireReplaced(Address address) {
        Member newcomer = null;
        for (Member m : table.all()) {
            if (m.address().equals(address) && m.role() == Role.DATA && m.status() == MemberStatus.ALIVE) {
                newcomer = m;
            }
        }
        if (newcomer == null && !self.address().equals(address)) {
            return;
        }
        NodeId current = newcomer == null ? self.id() : newcomer.id();
        for (Member m : List.copyOf(table.all())) {
            if (!m.id().equals(current) && m.address().equals(address) && m.role() == Role.DATA
                    && m.status() == MemberStatus.DEAD) {
                Member left = m.with(MemberStatus.LEFT, m.incarnation());
                table.put(left, clock.monotonicNanos());
                LOG.log(Level.INFO, "{0} member {1} was replaced by {2} at the same address: taken as left",
                        self.id().shortId(), m.id().shortId(), current.shortId());
                onChanged(m, left, false);
            }
        }
    }

    /** Applies one claim and gossips it on if it was news. */
    public boolean apply(Member update) {
        return apply(update, true);
    }

    /**
     * Takes members known from elsewhere (a persisted or snapshotted view) without gossiping
     * them as news; the periodic sync corrects anything outdated.
     */
    public void learn(List<Member> members) {
        for (Member m : members) {
            apply(m, false);
        }
    }

    /** A new member goes to a random place in the rest of this probe round, in O(1) (SWIM 4.3). */
    private void insertIntoProbeRound(NodeId id) {
        probeOrder.add(id);
        int last = probeOrder.size() - 1;
        int from = Math.min(probeIndex, last);
        int j = from + random.nextInt(last - from + 1);
        probeOrder.set(last, probeOrder.get(j));
        probeOrder.set(j, id);
    }

    private void onChanged(Member previous, Member current, boolean news) {
        SuspicionTimer running = suspicionTimers.get(current.id());
        boolean suspect = current.status() == MemberStatus.SUSPECT;
        if (running != null && (!suspect || running.incarnation() != current.incarnation())) {
            running.timer().cancel(); // refuted, decided, or suspected anew at another incarnation
            suspicionTimers.remove(current.id());
            running = null;
        }
        if (suspect && running == null) {
            NodeId id = current.id();
            long incarnation = current.incarnation();
            suspicionTimers.put(id, new SuspicionTimer(incarnation,
                    scheduler.schedule(suspicionTimeout(), () -> suspicionExpired(id, incarnation))));
        }
        if (previous == null || previous.status() != current.status()) {
            LOG.log(current.status() == MemberStatus.SUSPECT || !news ? Level.DEBUG : Level.INFO,
                    "{0} member {1} is {2}", self.id().shortId(), current, current.status());
            try {
                listener.onMemberChanged(previous, current);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "listener failed on a member change; ignored", e);
            }
        }
    }

    private void suspicionExpired(NodeId id, long incarnation) {
        suspicionTimers.remove(id);
        Member current = table.get(id);
        if (running && current != null && current.status() == MemberStatus.SUSPECT
                && current.incarnation() == incarnation) {
            apply(current.with(MemberStatus.DEAD, incarnation));
        }
    }

    /** mult · max(1, log10 N) · protocol period (memberlist's rule). */
    Duration suspicionTimeout() {
        double scale = Math.max(1.0, Math.log10(Math.max(1, liveCount())));
        return Duration.ofNanos((long) (config.suspicionMultiplier() * scale * config.protocolPeriod().toNanos()));
    }

    /** λ · ceil(log10(N + 1)). */
    int retransmitLimit() {
        return config.retransmitMultiplier() * (int) Math.ceil(Math.log10(liveCount() + 1.0));
    }

    private void refuteIfNeeded(Member claim) {
        if (self.status().isGone()) {
            return; // leaving: let the claim stand
        }
        boolean accused = claim.status() != MemberStatus.ALIVE && claim.incarnation() >= self.incarnation();
        boolean outdated = claim.incarnation() > self.incarnation();
        if (claim.status() == MemberStatus.LEFT && claim.incarnation() >= startIncarnation - 1) {
            boolean thisRun = claim.incarnation() >= startIncarnation;
            LOG.log(thisRun ? Level.WARNING : Level.DEBUG, "{0} is named LEFT at incarnation {1}: removed by an operator "
                    + "(force-leave){2}", self.id().shortId(), claim.incarnation(), thisRun ? "; rejoining" : " or left before");
            removedByOthers.accept(thisRun);
        }
        if (accused || outdated) {
            self = self.with(MemberStatus.ALIVE, claim.incarnation() + 1);
            incarnationSink.accept(self.incarnation());
            broadcasts.add(self);
            LOG.log(Level.DEBUG, "{0} refuted {1} with incarnation {2}", self.id().shortId(), claim.status(),
                    self.incarnation());
        }
    }

    private void reap() {
        for (Member gone : table.reap(clock.monotonicNanos(), config.deadRetention().toNanos())) {
            LOG.log(Level.DEBUG, "{0} forgot {1}", self.id().shortId(), gone);
        }
        skew.expectPeers(table.liveCount());
    }
}
