package org.gossipcdn.core.placement;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.PlacementConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.HasQuery;
import org.gossipcdn.core.replica.Intake;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.spi.EdgeCache;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;

/**
 * Keeps this node's content where {@link Placement} puts it, in the background: passes over the
 * stored keys a few hundred at a time, and for each kept version's content
 * <ul>
 *   <li>if this node holds the key and lacks the content, fetches it from the key's holders
 *       (repair, and rebalancing after a join, leave or death), at most {@code maxFetches} at once;</li>
 *   <li>if it does not hold the key but has the content (the node that took the upload, or a
 *       former holder), asks the holders of every key that names the content whether they store
 *       it, and once min(R, live data members) of each key's holders confirm, hands the copy to the
 *       {@link EdgeCache} or deletes it through {@link ContentRelease}. Until then it keeps it:
 *       copies never drop below R because views of membership differ;</li>
 *   <li>if it holds the key and the content is a cache copy, pins it.</li>
 * </ul>
 * A pass that found work starts the next pass at once; otherwise the next one starts after
 * {@code scanInterval}, or at the next tick after the placeable members change (a pass under way
 * goes on from where it is, and another follows it). See proposals/0016-placement.md.
 *
 * <p>Runs on the node's loop; not thread-safe.
 */
public final class Rebalancer {

    private static final Logger LOG = System.getLogger(Rebalancer.class.getName());
    /** How many more members than R a fetch may try: holders first, then whoever may still have it. */
    private static final int EXTRA_SOURCES = 3;

    private final PlacementConfig config;
    private final Placement placement;
    private final Replica replica;
    private final Intake intake;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final EdgeCache cache;
    private final ContentRelease release;
    private final NodeId self;
    private final Duration tick;
    private final Duration callTimeout;

    private final ArrayDeque<Integer> leaves = new ArrayDeque<>();
    private final ArrayDeque<KeyState> keys = new ArrayDeque<>();
    /** Content being fetched or confirmed now; one job per hash. */
    private final Set<Sha256> busy = new HashSet<>();
    private int inFlight;
    private boolean workFound;
    private boolean inPass;
    private long membersFingerprint;
    private boolean running;
    private Scheduler.Cancellable next;
    /** Steps (one a tick) left to rest after a pass that found nothing to do; a change of members ends the rest. */
    private long restingSteps;

    // figures of the last complete pass, and running totals
    private long underReplicated;
    private long underReplicatedInPass;
    private long heldBytes;
    private long heldBytesInPass;
    private long keysScanned;
    private long copiesReleased;
    private long passes;

    public Rebalancer(PlacementConfig config, Placement placement, Replica replica, Intake intake, Exchange exchange,
                      Scheduler scheduler, EdgeCache cache, ContentRelease release, NodeId self, Duration tick,
                      Duration callTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.release = Objects.requireNonNull(release, "release");
        this.self = Objects.requireNonNull(self, "self");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    public void start() {
        running = true;
        next = scheduler.schedule(tick, this::step);
    }

    public void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
    }

    /**
     * What rebalancing has found and done; for status pages and metrics. {@code bytesFetched} counts
     * every content fetch since start (with records, repair and rebalancing alike).
     */
    public record Progress(long underReplicated, long heldBytes, long backlog, long keysScanned, long bytesFetched,
                           long copiesReleased, long passes, int inFlight) {}

    /** Figures of the last complete pass (under-replicated keys, held bytes), the keys and leaves left in this one. */
    public Progress progress() {
        return new Progress(underReplicated, heldBytes, keys.size() + (long) leaves.size(), keysScanned,
                intake.bytesFetched(), copiesReleased, passes, inFlight);
    }

    void step() {
        if (!running) {
            return;
        }
        try {
            rebalance();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, self.shortId() + ": rebalancing step failed; trying again next tick", e);
        }
        next = scheduler.schedule(tick, this::step);
    }

    private void rebalance() {
        long fingerprint = membersFingerprint();
        if (fingerprint != membersFingerprint) {
            // Placement changed: stop resting. A pass under way goes on from where it is (under churn a
            // pass restarted at every change would never reach its last keys), and another one follows it.
            membersFingerprint = fingerprint;
            workFound = true;
            restingSteps = 0;
        }
        if (restingSteps > 0) {
            restingSteps--;
            return;
        }
        if (leaves.isEmpty() && keys.isEmpty()) {
            if (inPass) {
                finishPass();
                if (!workFound) {
                    restingSteps = Math.max(0, config.scanInterval().toMillis() / Math.max(1, tick.toMillis()) - 1);
                    return; // all in place: rest
                }
            }
            startPass();
        }
        int budget = config.keysPerStep();
        // Bounded I/O: a step looks at keysPerStep keys, and none while maxFetches jobs are under way
        // (a key with several versions may start a few more).
        while (budget > 0 && inFlight < config.maxFetches() && (!keys.isEmpty() || !leaves.isEmpty())) {
            if (keys.isEmpty()) {
                keys.addAll(replica.store().leafStates(leaves.poll()));
                continue;
            }
            look(keys.poll());
            budget--;
            keysScanned++;
        }
    }

    private void startPass() {
        inPass = true;
        workFound = false;
        replica.store().forEachLeafDigest((leaf, digest) -> leaves.add(leaf));
    }

    private void finishPass() {
        inPass = false;
        passes++;
        underReplicated = underReplicatedInPass;
        heldBytes = heldBytesInPass;
        underReplicatedInPass = 0;
        heldBytesInPass = 0;
    }

    /** Works out what one key's content needs here, and starts it. */
    private void look(KeyState state) {
        boolean holder = placement.isHolder(state.key());
        for (BlobRecord r : state.heads()) {
            if (!r.hasContent() || busy.contains(r.contentHash())) {
                continue;
            }
            boolean stored = replica.stores(r);
            if (holder && stored) {
                heldBytesInPass += r.size();
                if (cache.contains(r.contentHash())) {
                    cache.pin(r.contentHash());
                }
            } else if (holder) {
                underReplicatedInPass++;
                workFound = true;
                fetch(state.key(), r);
            } else if (stored && !cache.contains(r.contentHash()) && !release.heldHere(r.contentHash())) {
                workFound = true;
                confirmThenRelease(r.contentHash(), r.size());
            }
        }
    }

    private void fetch(UUID key, BlobRecord r) {
        List<Address> sources = new ArrayList<>();
        for (Placement.Holder h : placement.rank(key)) {
            if (!h.member().id().equals(self)) {
                sources.add(h.member().address());
                if (sources.size() >= placement.replicas() + EXTRA_SOURCES) {
                    break;
                }
            }
        }
        begin(r.contentHash());
        intake.fetch(r.contentHash(), r.size(), sources).whenComplete((ok, error) -> {
            end(r.contentHash());
            if (Boolean.TRUE.equals(ok)) {
                LOG.log(Level.DEBUG, "{0}: fetched content {1} of key {2} ({3} bytes): this node holds it now",
                        self.shortId(), r.contentHash(), key, r.size());
            } else {
                LOG.log(Level.DEBUG, "{0}: could not fetch content {1} of key {2} from {3}; the next pass tries again",
                        self.shortId(), r.contentHash(), key, sources);
            }
        });
    }

    /**
     * Asks, for every key whose kept versions name this content (content is stored once per hash,
     * and may be named by several keys), that key's holders whether they store it; releases this
     * node's copy only if min(R, live data members), and at least one, of each key's holders confirm.
     */
    private void confirmThenRelease(Sha256 hash, long size) {
        List<UUID> referrers = release.referrers(hash);
        if (referrers == null) {
            return; // named by too many keys to confirm them all: kept
        }
        int required = Math.max(1, placement.copiesRequired());
        List<CompletableFuture<Boolean>> keysConfirmed = new ArrayList<>();
        for (UUID key : referrers) {
            KeyState state = replica.store().get(key).orElse(null);
            if (state == null) {
                continue;
            }
            for (BlobRecord version : state.heads()) {
                if (version.hasContent() && version.contentHash().equals(hash)) {
                    keysConfirmed.add(confirmed(key, version, required));
                }
            }
        }
        if (keysConfirmed.isEmpty()) {
            return; // no kept version names it: content GC's to free, after its delay
        }
        begin(hash);
        CompletableFuture.allOf(keysConfirmed.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            end(hash);
            boolean all = keysConfirmed.stream().allMatch(f -> !f.isCompletedExceptionally() && f.join());
            if (!all || !running) {
                return; // keep it: not enough holders of some key have it yet
            }
            // Views may have moved while we asked: the release re-checks that no key naming it is held here.
            if (cache.contains(hash) || release.heldHere(hash)) {
                return;
            }
            copiesReleased++;
            if (cache.admit(hash, size)) {
                LOG.log(Level.DEBUG, "{0}: the holders of {1} key(s) confirm content {2}; this node keeps it as a cache copy",
                        self.shortId(), referrers.size(), hash);
            } else if (release.deleteIfUnneeded(hash)) {
                LOG.log(Level.DEBUG, "{0}: the holders of {1} key(s) confirm content {2}; this node's copy is deleted",
                        self.shortId(), referrers.size(), hash);
            }
        });
    }

    /** True once at least {@code required} of the key's holders (other than this node) say they store the version. */
    private CompletableFuture<Boolean> confirmed(UUID key, BlobRecord version, int required) {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (Placement.Holder h : placement.holders(key)) {
            if (!h.member().id().equals(self)) {
                answers.add(exchange.call(h.member().address(), new HasQuery(h.member().id(), key, version.version()),
                        callTimeout).handle((reply, error) -> error == null && reply.stored()));
            }
        }
        if (answers.size() < required) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> answers.stream().filter(CompletableFuture::join).count() >= required);
    }

    private void begin(Sha256 hash) {
        busy.add(hash);
        inFlight++;
    }

    private void end(Sha256 hash) {
        busy.remove(hash);
        inFlight--;
    }

    private long membersFingerprint() {
        return placement.membersFingerprint();
    }
}
