package org.gossipcdn.node;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.version.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-through for content this node lacks (proposal 0018): fetches it from the key's holders,
 * best score first, then from any other data member, into the store (which hashes it: content
 * whose hash differs is not used, and the next source is tried), then keeps it as a cache copy
 * in the {@link LruEdgeCache} — or pins it, when this node turns out to be one of the key's
 * holders. Concurrent misses for one content share one fetch (single flight, like nginx's
 * {@code proxy_cache_lock}): the first reader fetches, optionally streaming to its client as it
 * goes ({@link ClientTee}), the others wait and then read the stored copy.
 *
 * <p>Threading: called from worker threads, and blocks them for the fetch. Thread-safe.
 */
final class ReadThrough {

    private static final Logger LOG = LoggerFactory.getLogger(ReadThrough.class);

    private final Store store;
    private final Transport transport;
    private final PlacementView placement;
    private final LruEdgeCache cache;
    private final LongPredicate makeRoom;
    private final NodeMetrics metrics;
    private final Duration openTimeout;
    private final Duration waitTimeout;
    private final ConcurrentHashMap<Sha256, Flight> flights = new ConcurrentHashMap<>();

    /**
     * @param makeRoom asks the disk budget for room for this many more bytes (it evicts cache copies first)
     * @param openTimeout how long one source may take to start answering
     * @param waitTimeout how long a reader waits for a fetch another reader leads
     */
    ReadThrough(Store store, Transport transport, PlacementView placement, LruEdgeCache cache, LongPredicate makeRoom,
                NodeMetrics metrics, Duration openTimeout, Duration waitTimeout) {
        this.store = store;
        this.transport = transport;
        this.placement = placement;
        this.cache = cache;
        this.makeRoom = makeRoom;
        this.metrics = metrics;
        this.openTimeout = openTimeout;
        this.waitTimeout = waitTimeout;
    }

    /** Content this node needs but could not get: every source failed, or none is known. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * What a reader holds while it serves content it read through: closing it lets content that
     * could not be kept (too large for the cache, no disk room) be deleted once its last reader is done.
     */
    interface Lease extends AutoCloseable {
        /** True if the content was streamed to the reader's client through its tee (nothing more to send). */
        boolean streamed();

        @Override
        void close();
    }

    private static final Lease LOCAL = new Lease() {
        @Override
        public boolean streamed() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** True if the content is stored here; a cache copy becomes the most recently used. */
    boolean isLocal(Sha256 hash) {
        if (!store.hasContent(hash)) {
            return false;
        }
        cache.touch(hash);
        return true;
    }

    /** A read is served from memory (the hot cache): its cache copy on disk becomes the most recently used too. */
    void servedFromMemory(Sha256 hash) {
        cache.touch(hash);
    }

    /**
     * Makes sure the content of {@code key}'s current version is stored here, fetching it if
     * needed (or waiting for the fetch another reader leads).
     *
     * @param tee where the bytes go as they arrive when this reader leads the fetch; null: nowhere
     * @throws Unavailable if no source gave the content, with every source's reason
     */
    Lease fetch(UUID key, Sha256 hash, long size, ClientTee tee) throws Unavailable {
        if (isLocal(hash)) {
            metrics.edgeCacheHit();
            return LOCAL;
        }
        Flight mine = new Flight(hash);
        Flight running = flights.putIfAbsent(hash, mine);
        if (running != null) {
            if (!running.join()) {
                return fetch(key, hash, size, tee); // it was fetched, served and dropped just now: read through again
            }
            metrics.edgeCacheMiss(false);
            return running.await(waitTimeout);
        }
        try {
            if (store.hasContent(hash)) { // a fetch finished between the check above and becoming the leader
                mine.done.complete(true);
                metrics.edgeCacheHit();
                return mine.lease(false);
            }
            metrics.edgeCacheMiss(true);
            boolean streamed = lead(key, hash, size, tee, mine);
            return mine.lease(streamed);
        } catch (Unavailable | RuntimeException e) {
            mine.done.completeExceptionally(e);
            mine.leave();
            throw e;
        } finally {
            flights.remove(hash, mine);
        }
    }

    /** Fetches from each source in turn until one gives the content; true if it was streamed through {@code tee}. */
    private boolean lead(UUID key, Sha256 hash, long size, ClientTee tee, Flight flight) throws Unavailable {
        List<Placement.Holder> ranked;
        try {
            ranked = placement.rank(key);
        } catch (PlacementView.PlacementUnknown e) {
            throw new Unavailable(e.getMessage());
        }
        boolean holder = placement.isHolder(ranked);
        boolean room = makeRoom.test(size);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (Placement.Holder source : ranked) {
            if (source.member().id().equals(placement.self())) {
                continue;
            }
            Address from = source.member().address();
            ClientTee streaming = tee != null && !tee.started() ? tee : null;
            metrics.edgeFetch();
            Optional<String> failure = fetchFrom(from, hash, size, streaming);
            if (failure.isEmpty()) {
                metrics.edgeFetchSeconds(System.nanoTime() - started);
                keep(key, hash, size, holder, room, flight);
                flight.done.complete(true);
                if (streaming != null) {
                    streaming.verified();
                }
                return streaming != null;
            }
            failures.add(from + ": " + failure.get());
            if (streaming != null) {
                streaming.discard();
            }
        }
        String reason = failures.isEmpty()
                ? "no live data member but this node to fetch the content of " + key + " from"
                : "the content of " + key + " could not be fetched from any of " + failures.size() + " members: "
                        + String.join("; ", failures);
        LOG.info("read-through failed: {}", reason);
        throw new Unavailable(reason);
    }

    /** One attempt; the reason it failed, or empty when the content is stored with its hash. */
    private Optional<String> fetchFrom(Address from, Sha256 hash, long size, ClientTee tee) {
        InputStream in;
        try {
            in = transport.fetchContent(from, hash).get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + openTimeout.toMillis() + " ms");
        }
        try (InputStream body = tee == null ? in : tee.wrap(in)) {
            Store.StoredContent stored = store.putContent(body, size);
            if (!stored.hash().equals(hash)) {
                // left for content GC: it is referenced by no record (and may be another key's content)
                metrics.edgeMismatch();
                return Optional.of("sent content whose hash is " + stored.hash() + ", not " + hash);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** A holder's copy is pinned; a cache copy is admitted if there is room, else deleted after its last reader. */
    private void keep(UUID key, Sha256 hash, long size, boolean holder, boolean room, Flight flight) {
        if (holder) {
            cache.pin(hash);
            LOG.info("read through content of {}, which this node holds: kept as a holder's copy", key);
        } else if (!room || !cache.admit(hash, size)) {
            flight.dropWhenDone = true;
        }
    }

    /** One fetch in progress and the readers of what it stores. */
    private final class Flight {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private final Sha256 hash;
        private int readers = 1;
        private boolean dropped;
        private volatile boolean dropWhenDone;

        Flight(Sha256 hash) {
            this.hash = hash;
        }

        /** A reader joins; false if the content was already dropped after its last reader (then it reads through anew). */
        synchronized boolean join() {
            if (dropped) {
                return false;
            }
            readers++;
            return true;
        }

        /**
         * A reader is done with the content; the last one has it deleted if it could not be kept
         * (the node deletes it on its loop unless it holds a key naming it, or it is cached by now).
         */
        void leave() {
            synchronized (this) {
                if (--readers != 0 || !dropWhenDone || dropped) {
                    return;
                }
                dropped = true;
            }
            try {
                placement.deleteIfUnneeded(hash);
            } catch (PlacementView.PlacementUnknown e) {
                LOG.info("kept read-through content {}: {}", hash, e.getMessage());
            }
        }

        Lease await(Duration timeout) throws Unavailable {
            try {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return lease(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                leave();
                throw new Unavailable("interrupted while waiting for the content " + hash);
            } catch (ExecutionException e) {
                leave();
                throw new Unavailable(e.getCause().getMessage());
            } catch (TimeoutException e) {
                leave();
                throw new Unavailable("the content " + hash + " did not arrive within " + timeout.toSeconds() + " s");
            }
        }

        Lease lease(boolean streamed) {
            return new Lease() {
                private boolean closed;

                @Override
                public boolean streamed() {
                    return streamed;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        leave();
                    }
                }
            };
        }
    }
}
