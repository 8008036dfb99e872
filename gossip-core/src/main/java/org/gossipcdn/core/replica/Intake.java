package org.gossipcdn.core.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.InlineContent;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.MergeResult;
import org.gossipcdn.core.version.Sha256;

/**
 * The one way records from peers enter the replica, whether a rumor or anti-entropy brought them:
 * assess the records of a key together ({@link Replica#assess}), fetch the content the new ones
 * point at by hash from the peer that offered them, let the store check it against the hash,
 * commit the key's records together only then, and hand what changed the replica to
 * {@code forward} when the caller asked for forwarding. A record never points at missing content.
 *
 * <p>One bad record never stops the others: refused records are counted, logged with the peer
 * that sent them, and dropped. See proposals/0013-record-intake.md.
 *
 * <p>Not thread-safe: runs on the node's loop, except content writes, which run on the transport's
 * thread and hop back.
 */
public final class Intake {

    private static final Logger LOG = System.getLogger(Intake.class.getName());
    private static final long MAX_EXTRA_FETCH_MILLIS = 3_600_000;

    private final Replica replica;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final Listener listener;
    private final Duration fetchTimeout;
    private final int fetchAttempts;
    private final Consumer<BlobRecord> forward;
    /** Where else a key's content may be fetched from, best first: its holders, then other data members. */
    private final Function<BlobRecord, List<Address>> contentSources;
    private final Map<ContentRef, PendingFetch> fetching = new LinkedHashMap<>();
    /** Keys with a batch waiting for content: a purge check must not take them for absent. */
    private final Map<UUID, Integer> pendingKeys = new LinkedHashMap<>();

    /** Content as a record names it: its hash and its size (a forged size must not share an honest fetch). */
    private record ContentRef(Sha256 hash, long size) {}
    private long refusals;
    private long bytesFetched;
    private boolean running = true;

    /** The records of one key waiting for content, and whether to forward what they change. */
    private static final class Batch {
        final List<BlobRecord> records;
        final boolean forward;
        int outstanding;

        Batch(List<BlobRecord> records, boolean forward, int outstanding) {
            this.records = records;
            this.forward = forward;
            this.outstanding = outstanding;
        }
    }

    /** Batches waiting for one content hash, and where it may be fetched from. */
    private static final class PendingFetch {
        final Sha256 hash;
        final long size;
        final List<Batch> waiting = new ArrayList<>();
        final List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        final Set<Address> sources = new LinkedHashSet<>();
        int attempts;
        int generation;

        PendingFetch(Sha256 hash, long size) {
            this.hash = hash;
            this.size = size;
        }

        ContentRef ref() {
            return new ContentRef(hash, size);
        }
    }

    /**
     * @param fetchTimeout how long one content fetch may take to start answering; large blobs get
     *                     one more millisecond per 10 kB
     * @param fetchAttempts tries per source before a fetch is given up (anti-entropy brings it later)
     * @param forward called with each record that changed the replica, for offers that forward
     */
    public Intake(Replica replica, Exchange exchange, Scheduler scheduler, Listener listener,
                  Duration fetchTimeout, int fetchAttempts, Consumer<BlobRecord> forward) {
        this(replica, exchange, scheduler, listener, fetchTimeout, fetchAttempts, forward, record -> List.of());
    }

    /**
     * @param contentSources where a record's content may be fetched from besides the peer that
     *                       offered it, best first (its writer, then the key's holders)
     */
    public Intake(Replica replica, Exchange exchange, Scheduler scheduler, Listener listener,
                  Duration fetchTimeout, int fetchAttempts, Consumer<BlobRecord> forward,
                  Function<BlobRecord, List<Address>> contentSources) {
        this.contentSources = Objects.requireNonNull(contentSources, "contentSources");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        this.forward = Objects.requireNonNull(forward, "forward");
        if (fetchAttempts < 1) {
            throw new IllegalArgumentException("fetchAttempts must be >= 1, was " + fetchAttempts);
        }
        this.fetchAttempts = fetchAttempts;
    }

    /** Stops fetching: pending fetches are given up at their next failure. */
    public void stop() {
        running = false;
    }

    /** Offers records (of any keys) learned from {@code source}; each key's records are taken together. */
    public void offer(List<BlobRecord> records, Address source, boolean forwardChanges) {
        offer(records, source, forwardChanges, List.of());
    }

    /**
     * Offers records as {@link #offer(List, Address, boolean)} does, with some of their content
     * carried inline (an eager push, proposal 0021): content the replica needs is stored from
     * {@code inline} when it hashes to what its record names and has its size, and fetched from
     * {@code source} otherwise.
     */
    public void offer(List<BlobRecord> records, Address source, boolean forwardChanges, List<InlineContent> inline) {
        Map<Sha256, InlineContent> byHash = new LinkedHashMap<>();
        inline.forEach(c -> byHash.putIfAbsent(c.hash(), c));
        Map<UUID, List<BlobRecord>> byKey = new LinkedHashMap<>();
        for (BlobRecord r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        byKey.values().forEach(keyRecords -> offerKey(keyRecords, source, forwardChanges, byHash));
    }

    /** Offers a peer's state of a key, taken whole. */
    public void offer(KeyState state, Address source, boolean forwardChanges) {
        offerKey(state.heads(), source, forwardChanges, Map.of());
    }

    private void offerKey(List<BlobRecord> records, Address source, boolean forwardChanges,
                          Map<Sha256, InlineContent> inline) {
        Assessment assessment;
        try {
            assessment = replica.assess(records);
        } catch (RuntimeException e) {
            warn("could not assess records of key {0} from {1}; dropped: {2}", records.get(0).key(), source, e);
            return;
        }
        for (Assessment.Refusal refusal : assessment.refused()) {
            BlobRecord r = refusal.record();
            if (refusal.untrusted()) {
                warn("dropped record {0} {1} from {2}: {3}", r.key(), r.version(), source, refusal.reason());
                listener.onUntrustedRecord(r, source, refusal.reason());
            } else {
                warn("refused record {0} {1} from {2}: {3}", r.key(), r.version(), source, refusal.reason());
                listener.onRecordRejected(r, refusal.reason());
            }
        }
        if (assessment.wanted().isEmpty()) {
            return;
        }
        Store store = replica.store();
        UUID key = records.get(0).key();
        Set<ContentRef> missing = new LinkedHashSet<>();
        if (replica.holdsContent(key)) { // other nodes take the record alone (placement)
            for (BlobRecord r : assessment.wanted()) {
                if (r.hasContent() && !store.hasContent(r.contentHash())) {
                    missing.add(new ContentRef(r.contentHash(), r.size()));
                }
            }
        }
        if (!inline.isEmpty()) {
            missing.removeIf(ref -> storedInline(ref, inline.get(ref.hash()), assessment.wanted(), source));
        }
        Batch batch = new Batch(assessment.trusted(), forwardChanges, missing.size());
        if (missing.isEmpty()) {
            commit(batch);
            return;
        }
        pendingKeys.merge(key, 1, Integer::sum);
        Set<Address> sources = new LinkedHashSet<>();
        sources.add(source);
        for (BlobRecord r : assessment.wanted()) {
            if (r.hasContent() && missing.contains(new ContentRef(r.contentHash(), r.size()))) {
                sources.addAll(contentSources.apply(r));
            }
        }
        missing.forEach(ref -> pendingFetch(ref, sources, pending -> pending.waiting.add(batch)));
    }

    /**
     * Fetches content by hash and size from {@code sources} in turn (sharing a fetch already under
     * way) and stores it. Completes with true once it is stored with that size, false if given up.
     */
    public CompletableFuture<Boolean> fetch(Sha256 hash, long size, List<Address> sources) {
        if (replica.store().contentSize(hash).map(s -> s == size).orElse(false)) {
            return CompletableFuture.completedFuture(true);
        }
        if (sources.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        pendingFetch(new ContentRef(hash, size), sources, pending -> pending.waiters.add(done));
        return done;
    }

    /** Joins the fetch of {@code ref} (starting it if none is under way), registering a waiter before it can end. */
    private void pendingFetch(ContentRef ref, Collection<Address> sources, Consumer<PendingFetch> register) {
        PendingFetch pending = fetching.get(ref);
        boolean fresh = pending == null;
        if (fresh) {
            pending = new PendingFetch(ref.hash(), ref.size());
            fetching.put(ref, pending);
        }
        pending.sources.addAll(sources);
        register.accept(pending);
        if (fresh) {
            fetch(pending);
        }
    }

    private void commit(Batch batch) {
        if (!running) {
            return; // a stopped node takes nothing more in
        }
        MergeResult result;
        try {
            result = replica.merge(batch.records);
        } catch (RuntimeException e) {
            warn("could not commit records of key {0}; dropped: {1}", batch.records.get(0).key(), e);
            return;
        }
        if (batch.forward && result instanceof MergeResult.Applied applied) {
            for (BlobRecord r : applied.after().heads()) {
                if (applied.before() == null || !applied.before().heads().contains(r)) {
                    forward.accept(r);
                }
            }
        }
    }

    private void fetch(PendingFetch pending) {
        List<Address> sources = new ArrayList<>(pending.sources);
        Address source = sources.get(pending.attempts % sources.size());
        pending.attempts++;
        int generation = ++pending.generation;
        Store store = replica.store();
        // An answer starts within the base timeout; big blobs get 1 ms per 10 kB more, at most an hour.
        Duration timeout = fetchTimeout.plusMillis(Math.min(pending.size / 10_000, MAX_EXTRA_FETCH_MILLIS));
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> fetchFailed(pending, generation, "timed out"));
        CompletableFuture<InputStream> opened;
        try {
            opened = exchange.transport().fetchContent(source, pending.hash);
        } catch (RuntimeException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        opened
                .thenApply(in -> storeFetched(store, in, pending.size))
                .whenComplete((stored, error) -> scheduler.execute(() -> {
                    timer.cancel();
                    if (error != null) {
                        fetchFailed(pending, generation, String.valueOf(error.getMessage()));
                    } else if (!stored.hash().equals(pending.hash)) {
                        for (Batch b : pending.waiting) {
                            for (BlobRecord r : b.records) {
                                if (r.contentHash().equals(pending.hash)) {
                                    listener.onContentMismatch(r);
                                }
                            }
                        }
                        warn("content from {0} hashed to {1}, its record says {2}: discarded", source, stored.hash(),
                                pending.hash);
                        fetchFailed(pending, generation, "hash mismatch");
                    } else {
                        bytesFetched += stored.size();
                        done(pending, generation);
                    }
                }));
    }

    /**
     * Stores content that came inline if it is what the record names (the store hashes it; the
     * size must match too); true if the replica now has it. Bytes that do not match are reported
     * like a bad fetch, and the content is fetched from the source instead.
     */
    private boolean storedInline(ContentRef ref, InlineContent content, List<BlobRecord> wanted, Address source) {
        if (content == null) {
            return false;
        }
        byte[] bytes = content.bytes();
        Store.StoredContent stored;
        try {
            stored = bytes.length == ref.size()
                    ? replica.store().putContent(new java.io.ByteArrayInputStream(bytes), ref.size()) : null;
        } catch (IOException | RuntimeException e) {
            warn("could not store inline content {0} from {1}; fetching it: {2}", ref.hash(), source, e);
            return false;
        }
        if (stored != null && stored.hash().equals(ref.hash()) && stored.size() == ref.size()) {
            return true;
        }
        for (BlobRecord r : wanted) {
            if (r.contentHash().equals(ref.hash())) {
                listener.onContentMismatch(r);
            }
        }
        warn("inline content from {0} is not {1} of {2} bytes (got {3} bytes); fetching it", source, ref.hash(),
                ref.size(), bytes.length);
        return false;
    }

    /** Runs on the transport's thread: streams the bytes into the store, which hashes them. */
    private static Store.StoredContent storeFetched(Store store, InputStream in, long size) {
        try (in) {
            return store.putContent(in, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fetch of {@code pending} ended (fetched, or given up): batches with nothing else outstanding commit. */
    private void done(PendingFetch pending, int generation) {
        if (generation != pending.generation || fetching.get(pending.ref()) != pending) {
            return;
        }
        fetching.remove(pending.ref());
        boolean stored = replica.store().contentSize(pending.hash).map(s -> s == pending.size).orElse(false);
        pending.waiters.forEach(w -> w.complete(stored));
        for (Batch b : pending.waiting) {
            if (--b.outstanding == 0) {
                pendingKeys.computeIfPresent(b.records.get(0).key(), (k, n) -> n > 1 ? n - 1 : null);
                commit(b); // records whose content is still missing are left out of the commit
            }
        }
    }

    private void fetchFailed(PendingFetch pending, int generation, String why) {
        if (generation != pending.generation || fetching.get(pending.ref()) != pending) {
            return;
        }
        // Every source that offered the content gets a try, and each at least fetchAttempts in all.
        int budget = fetchAttempts * Math.max(1, Math.min(pending.sources.size(), 4));
        if (pending.attempts >= budget || !running) {
            LOG.log(Level.DEBUG, "gave up fetching {0} ({1}); anti-entropy will bring it", pending.hash, why);
            done(pending, generation);
            return;
        }
        pending.generation++;
        fetch(pending);
    }

    /**
     * Logs a refusal at WARNING for the 1st, 2nd, 4th, 8th… one and at DEBUG otherwise: a flood of
     * forged records costs log2(n) lines, not n. The count is in every line.
     */
    private void warn(String format, Object... params) {
        refusals++;
        Level level = Long.bitCount(refusals) == 1 ? Level.WARNING : Level.DEBUG;
        Object[] withCount = java.util.Arrays.copyOf(params, params.length + 1);
        withCount[params.length] = refusals;
        LOG.log(level, format + " ({" + params.length + "} refusals so far; warned at powers of two)", withCount);
    }

    /** True while records of {@code key} wait for their content here: the key is arriving, not absent. */
    public boolean isArriving(UUID key) {
        return pendingKeys.containsKey(key);
    }

    /** Bytes of content fetched from peers and stored since start (records' content, repair, rebalancing). */
    public long bytesFetched() {
        return bytesFetched;
    }

    /** How many content fetches are under way; for status pages. */
    public int fetching() {
        return fetching.size();
    }
}
