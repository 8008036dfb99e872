package org.gossipcdn.core.dissemination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.gossipcdn.core.DisseminationConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.Graft;
import org.gossipcdn.core.message.IHave;
import org.gossipcdn.core.message.InlineContent;
import org.gossipcdn.core.message.Push;
import org.gossipcdn.core.message.PushReply;
import org.gossipcdn.core.message.RecordId;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;

/**
 * Plumtree (Leitão, Pereira, Rodrigues, SRDS 2007) over the data members: a record committed here
 * is pushed at once to the eager {@link TreeNeighbours} (all but the one it came from), and
 * announced ({@link IHave}, batched for {@code lazyInterval}) to the lazy ones. A duplicate push
 * prunes its link; an announced record still missing after {@code graftTimeout} is asked for with
 * {@link Graft}, which makes that link eager again. Dead or departed neighbours are replaced on
 * each gossip tick. A push that gets no answer hands its records to {@code fallback} (the rumor
 * tick); anti-entropy remains the guarantee. In a network of at most {@code directLimit} data
 * members a node's own writes go straight to every data member instead ({@link Push#direct}): a
 * star rooted at the writer. See proposals/0021-eager-push-plumtree.md.
 *
 * <p>Not thread-safe: runs on the node's loop.
 */
final class EagerPush {

    /** Records remembered as received or sent, for duplicate detection; older ones fall back on the replica's knowledge. */
    static final int SEEN_CAPACITY = 16_384;
    /** Inline bytes one push carries at most: content beyond it in the same push is fetched. */
    static final int MAX_INLINE_BYTES_PER_PUSH = 256 * 1024;
    /** Inline content kept in memory to pass on by a node that does not store it: a few pushes' worth. */
    static final long RELAYED_CONTENT_BYTES = 4L * 1024 * 1024;
    /** Tries of a star push to one member before its records go to the rumor tick. */
    static final int DIRECT_ATTEMPTS = 4;

    private final DisseminationConfig config;
    private final Membership membership;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final NodeId selfId;
    private final Address selfAddress;
    private final RecordSource source;
    private final Consumer<BlobRecord> fallback;
    private final TreeNeighbours neighbours = new TreeNeighbours();
    private final RelayedContent relayed = new RelayedContent(RELAYED_CONTENT_BYTES);
    /** Record → the neighbour it first came from (this node for its own writes). */
    private final Map<RecordId, NodeId> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordId, NodeId> eldest) {
            return size() > SEEN_CAPACITY;
        }
    };
    /** Records already pushed on from here (or, from a star push, to go on from no one): each goes on once. */
    private final Set<RecordId> pushedOn = java.util.Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordId, Boolean> eldest) {
            return size() > SEEN_CAPACITY;
        }
    });
    private final Map<RecordId, Missing> missing = new LinkedHashMap<>();
    private final Map<NodeId, Outgoing> pushes = new LinkedHashMap<>();
    /** This node's own writes for every data member of a small network (the star, {@code directLimit}). */
    private final Map<NodeId, Outgoing> directPushes = new LinkedHashMap<>();
    private final Map<NodeId, Outgoing> announcements = new LinkedHashMap<>();
    private boolean flushScheduled;
    private Scheduler.Cancellable announceTimer;
    private boolean running;
    private long pushesSent;
    private long prunes;
    private long grafts;

    /** Records waiting to go to one neighbour. */
    private static final class Outgoing {
        final Address address;
        final Set<BlobRecord> records = new LinkedHashSet<>();
        final Set<RecordId> ids = new LinkedHashSet<>();

        Outgoing(Address address) {
            this.address = address;
        }
    }

    /** An announced record not received yet: who announced it, and the graft timer. */
    private static final class Missing {
        final Map<NodeId, Address> announcers = new LinkedHashMap<>();
        int asked;
        Scheduler.Cancellable timer;
    }

    EagerPush(DisseminationConfig config, Membership membership, Exchange exchange, Scheduler scheduler,
              Address selfAddress, RecordSource source, Consumer<BlobRecord> fallback) {
        this.config = Objects.requireNonNull(config, "config");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.selfId = membership.self().id();
        this.selfAddress = Objects.requireNonNull(selfAddress, "selfAddress");
        this.source = Objects.requireNonNull(source, "source");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    void start() {
        running = true;
        repair();
    }

    void stop() {
        running = false;
        missing.values().forEach(m -> m.timer.cancel());
        missing.clear();
        pushes.clear();
        announcements.clear();
        if (announceTimer != null) {
            announceTimer.cancel();
        }
    }

    /**
     * A record was committed here (a local write, or one just taken in): push it along the tree at
     * once (a node's own write in a small network: to every data member, the star), once.
     */
    void broadcast(BlobRecord record) {
        if (!running) {
            return;
        }
        RecordId id = RecordId.of(record);
        NodeId from = seen.get(id);
        if (from == null) {
            seen.put(id, selfId);
        }
        received(id);
        if (!pushedOn.add(id)) {
            return;
        }
        List<Member> everyone = from == null && record.version().node().equals(selfId) ? smallNetwork() : null;
        if (everyone != null) {
            for (Member m : everyone) {
                directPushes.computeIfAbsent(m.id(), k -> new Outgoing(m.address())).records.add(record);
            }
        } else {
            pushOn(record, id, from);
        }
        schedulePushes();
    }

    /** Every other live data member if there are fewer than {@code directLimit} of them (N ≤ limit); else null. */
    private List<Member> smallNetwork() {
        int limit = config.directLimit();
        if (limit == 0) {
            return null;
        }
        List<Member> others = membership.randomPeers(limit, m -> m.role() == Role.DATA);
        return others.size() < limit ? others : null;
    }

    /** Queues {@code record} for every eager neighbour and announces it to every lazy one, except {@code from}. */
    private void pushOn(BlobRecord record, RecordId id, NodeId from) {
        if (neighbours.size() == 0) {
            repair();
        }
        for (Map.Entry<NodeId, Address> link : neighbours.eagerLinks()) {
            if (!link.getKey().equals(from)) {
                pushes.computeIfAbsent(link.getKey(), k -> new Outgoing(link.getValue())).records.add(record);
            }
        }
        for (Map.Entry<NodeId, Address> link : neighbours.lazyLinks()) {
            if (!link.getKey().equals(from)) {
                announcements.computeIfAbsent(link.getKey(), k -> new Outgoing(link.getValue())).ids.add(id);
            }
        }
        if (!announcements.isEmpty() && announceTimer == null) {
            announceTimer = scheduler.schedule(config.lazyInterval(), this::announce);
        }
    }

    /**
     * Takes a push: a record not seen before remembers its sender (broadcast skips it), and the
     * link becomes a tree edge; a push of nothing new is a redundant edge, pruned on both ends.
     * The records themselves go to the node's intake, which checks them (owner signature, clock)
     * and pushes on what it commits: a forged record stops at the first honest hop.
     */
    PushReply onPush(Push push) {
        membership.mergeAll(push.updates());
        if (push.direct()) { // the writer reached everyone itself: nothing to push on, nothing about our links
            for (BlobRecord r : push.records()) {
                RecordId id = RecordId.of(r);
                seen.putIfAbsent(id, push.from());
                pushedOn.add(id);
                received(id);
            }
            return new PushReply(false, membership.piggyback());
        }
        boolean fresh = false;
        Set<Sha256> freshHashes = new LinkedHashSet<>();
        for (BlobRecord r : push.records()) {
            RecordId id = RecordId.of(r);
            if (!seen.containsKey(id) && !source.knows(id)) {
                seen.put(id, push.from());
                received(id);
                fresh = true;
                if (r.hasContent()) {
                    freshHashes.add(r.contentHash());
                }
            }
        }
        for (InlineContent c : push.contents()) {
            if (freshHashes.contains(c.hash())) {
                relayed.keep(c); // passed on with the record even if this node does not store it
            }
        }
        if (fresh || push.records().isEmpty()) {
            neighbours.eager(push.from(), push.address());
            return new PushReply(false, membership.piggyback());
        }
        neighbours.lazy(push.from(), push.address());
        neighbours.prune(push.from());
        prunes++;
        return new PushReply(true, membership.piggyback());
    }

    /** Takes an announcement: each record not known here starts (or joins) its graft timer. */
    Ack onIHave(IHave ihave) {
        if (!running) {
            return new Ack(0, List.of()); // eager push is off here: the rumor tick and anti-entropy bring it
        }
        neighbours.lazy(ihave.from(), ihave.address());
        for (RecordId id : ihave.ids()) {
            if (seen.containsKey(id) || source.knows(id)) {
                continue;
            }
            Missing m = missing.get(id);
            if (m == null) {
                Missing fresh = new Missing();
                fresh.timer = scheduler.schedule(config.graftTimeout(), () -> graftTimedOut(id, fresh));
                missing.put(id, fresh);
                m = fresh;
            }
            m.announcers.putIfAbsent(ihave.from(), ihave.address());
        }
        return new Ack(0, List.of());
    }

    /** A neighbour lacks records that did not reach it through the tree: our link becomes a tree edge, and we push them. */
    Ack onGraft(Graft graft) {
        neighbours.eager(graft.from(), graft.address());
        Outgoing out = pushes.computeIfAbsent(graft.from(), k -> new Outgoing(graft.address()));
        for (RecordId id : graft.ids()) {
            out.records.addAll(source.answering(id));
        }
        if (out.records.isEmpty()) {
            pushes.remove(graft.from());
        }
        schedulePushes();
        return new Ack(0, List.of());
    }

    /**
     * On each gossip tick: drops neighbours that are dead, left or no longer data members, and
     * tops the neighbours up to {@code treeDegree} with random live data members, as eager links.
     * Each new neighbour is told with an empty push, so the link is a tree edge at both ends (a
     * member nobody picked would otherwise hear of records only from the rumor tick).
     */
    void repair() {
        neighbours.dropIf(id -> {
            Member m = membership.member(id);
            return m == null || m.status().isGone() || m.role() != Role.DATA;
        });
        int wanted = config.treeDegree() - neighbours.size();
        if (wanted > 0) {
            for (Member m : membership.randomPeers(wanted, p -> p.role() == Role.DATA && !neighbours.contains(p.id()))) {
                neighbours.eager(m.id(), m.address());
                if (running) {
                    send(m.id(), m.address(), List.of(), false, Map.of(), 1);
                }
            }
        }
    }

    private void received(RecordId id) {
        Missing m = missing.remove(id);
        if (m != null) {
            m.timer.cancel();
        }
    }

    private void graftTimedOut(RecordId id, Missing m) {
        if (!running || missing.get(id) != m) {
            return;
        }
        if (seen.containsKey(id) || source.knows(id) || m.asked >= m.announcers.size() + 1) {
            missing.remove(id); // arrived, or every announcer was asked: the rumor tick and anti-entropy bring it
            return;
        }
        List<Map.Entry<NodeId, Address>> announcers = new ArrayList<>(m.announcers.entrySet());
        Map.Entry<NodeId, Address> ask = announcers.get(m.asked % announcers.size());
        m.asked++;
        neighbours.eager(ask.getKey(), ask.getValue());
        grafts++;
        exchange.call(ask.getValue(), new Graft(selfId, selfAddress, List.of(id)), callTimeout());
        m.timer = scheduler.schedule(config.graftTimeout(), () -> graftTimedOut(id, m));
    }

    private void schedulePushes() {
        if ((!pushes.isEmpty() || !directPushes.isEmpty()) && !flushScheduled) {
            flushScheduled = true;
            scheduler.execute(this::flushPushes); // after the current loop task: a burst of commits shares pushes
        }
    }

    private void flushPushes() {
        flushScheduled = false;
        if (!running) {
            pushes.clear();
            directPushes.clear();
            return;
        }
        Map<RecordId, Optional<byte[]>> contentCache = new LinkedHashMap<>();
        flush(pushes, false, contentCache);
        flush(directPushes, true, contentCache);
    }

    private void flush(Map<NodeId, Outgoing> queued, boolean direct, Map<RecordId, Optional<byte[]>> contentCache) {
        List<Map.Entry<NodeId, Outgoing>> batch = new ArrayList<>(queued.entrySet());
        queued.clear();
        for (Map.Entry<NodeId, Outgoing> e : batch) {
            List<BlobRecord> all = new ArrayList<>(e.getValue().records);
            for (int from = 0; from < all.size(); from += config.maxRecordsPerMessage()) {
                List<BlobRecord> chunk = all.subList(from, Math.min(all.size(), from + config.maxRecordsPerMessage()));
                send(e.getKey(), e.getValue().address, List.copyOf(chunk), direct, contentCache, 1);
            }
        }
    }

    /**
     * Pushes {@code records} to one member. A tree push that gets no answer hands its records to the
     * rumor tick; a star push ({@code direct}) is sent to the same member again a tick later, up to
     * {@link #DIRECT_ATTEMPTS} times — in the star nobody else pushes it on — and only then to the tick.
     */
    private void send(NodeId peer, Address address, List<BlobRecord> records, boolean direct,
                      Map<RecordId, Optional<byte[]>> cache, int attempt) {
        List<InlineContent> contents = new ArrayList<>();
        Set<Object> inlined = new LinkedHashSet<>();
        long bytes = 0;
        for (BlobRecord r : records) {
            if (!r.hasContent() || r.size() > config.inlineLimit() || bytes + r.size() > MAX_INLINE_BYTES_PER_PUSH
                    || inlined.contains(r.contentHash())) {
                continue;
            }
            Optional<byte[]> content = cache.computeIfAbsent(RecordId.of(r), k -> relayed.get(r.contentHash(), r.size())
                    .or(() -> source.smallContent(r, config.inlineLimit())));
            if (content.isPresent()) {
                contents.add(new InlineContent(r.contentHash(), content.get()));
                inlined.add(r.contentHash());
                bytes += content.get().length;
            }
        }
        pushesSent++;
        exchange.call(address, new Push(selfId, selfAddress, records, contents, membership.piggyback(), direct), callTimeout())
                .whenComplete((reply, error) -> {
                    if (error != null && direct && attempt < DIRECT_ATTEMPTS && running) {
                        scheduler.schedule(config.gossipTick(), () -> {
                            if (running) {
                                send(peer, address, records, true, new LinkedHashMap<>(), attempt + 1);
                            }
                        });
                        return;
                    }
                    if (error != null) {
                        records.forEach(fallback); // no answer: the rumor tick takes them to random members
                        return;
                    }
                    membership.mergeAll(reply.updates());
                    if (reply.prune() && !direct) {
                        neighbours.prune(peer);
                    }
                });
    }

    private void announce() {
        announceTimer = null;
        if (!running) {
            announcements.clear();
            return;
        }
        List<Map.Entry<NodeId, Outgoing>> batch = new ArrayList<>(announcements.entrySet());
        announcements.clear();
        int max = config.maxRecordsPerMessage() * 4; // an id is small; four times the records of a push
        for (Map.Entry<NodeId, Outgoing> e : batch) {
            List<RecordId> ids = new ArrayList<>(e.getValue().ids);
            for (int from = 0; from < ids.size(); from += max) {
                exchange.call(e.getValue().address, new IHave(selfId, selfAddress,
                        ids.subList(from, Math.min(ids.size(), from + max))), callTimeout());
            }
        }
    }

    private Duration callTimeout() {
        return config.gossipTick().multipliedBy(5);
    }

    /** Eager links now; for status pages and tests. */
    int eagerNeighbours() {
        return neighbours.eagerCount();
    }

    int neighbours() {
        return neighbours.size();
    }

    long pushesSent() {
        return pushesSent;
    }

    long prunes() {
        return prunes;
    }

    long grafts() {
        return grafts;
    }
}
