package org.gossipcdn.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.gossipcdn.core.spi.EdgeCache;
import org.gossipcdn.core.version.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content this node keeps as a cache copy (it is not one of the holders of any key that
 * references it), bounded by {@code --cache-size} bytes, least recently used first out
 * (proposal 0018). A holder's copy is never in here: {@link #pin} takes content out when this node
 * becomes a holder, and an eviction asks the node to delete the content, which it does on its loop
 * only if no key referencing it is held there and it was not cached again
 * ({@code ContentRelease}).
 *
 * <p>Threading: every method may be called from any thread, the node loop included, and returns
 * quickly; deletions run on the {@code evictor} (they ask placement, which waits for the node
 * loop). The heap holds one small map entry per cached piece of content.
 */
final class LruEdgeCache implements EdgeCache {

    private static final Logger LOG = LoggerFactory.getLogger(LruEdgeCache.class);
    private final long capacityBytes;
    private final PlacementView placement;
    private final Executor evictor;
    private final LinkedHashMap<Sha256, Long> entries = new LinkedHashMap<>(64, 0.75f, true);
    /** The keys of {@code entries}, readable without the lock: a read of a holder's copy never takes it. */
    private final Set<Sha256> cached = ConcurrentHashMap.newKeySet();
    private long usedBytes;
    private long evictions;

    /**
     * @param capacityBytes the most bytes of cache copies kept; 0 keeps none
     * @param evictor runs the deletions of evicted content, one at a time
     */
    LruEdgeCache(long capacityBytes, PlacementView placement, Executor evictor) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache size must be >= 0 bytes, was " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.placement = placement;
        this.evictor = evictor;
    }

    /** True if this content is kept as a cache copy. */
    @Override
    public boolean contains(Sha256 hash) {
        return cached.contains(hash);
    }

    /**
     * Keeps this stored content as an evictable cache copy, evicting the least recently used
     * copies beyond the capacity. False (nothing kept) if it alone exceeds the capacity: the
     * caller deletes it when done with it.
     */
    @Override
    public boolean admit(Sha256 hash, long size) {
        if (size > capacityBytes || hash.equals(Sha256.EMPTY)) {
            return size <= capacityBytes; // the empty content is always there and never deleted
        }
        List<Sha256> victims = new ArrayList<>();
        synchronized (this) {
            if (entries.putIfAbsent(hash, size) == null) {
                usedBytes += size;
                cached.add(hash);
            }
            var it = entries.entrySet().iterator();
            while (usedBytes > capacityBytes && it.hasNext()) {
                Map.Entry<Sha256, Long> eldest = it.next();
                if (!eldest.getKey().equals(hash)) {
                    usedBytes -= eldest.getValue();
                    victims.add(eldest.getKey());
                    cached.remove(eldest.getKey());
                    it.remove();
                }
            }
        }
        release(victims);
        return true;
    }

    /** This node became a holder of content it may have cached: it is no longer evictable. */
    @Override
    public synchronized void pin(Sha256 hash) {
        Long size = entries.remove(hash);
        if (size != null) {
            usedBytes -= size;
            cached.remove(hash);
        }
    }

    /** A read served this cached content: it is now the most recently used. */
    void touch(Sha256 hash) {
        if (cached.contains(hash)) {
            synchronized (this) {
                entries.get(hash);
            }
        }
    }

    /**
     * Evicts cache copies, least recently used first, until at least {@code bytes} are freed or
     * none is left (the disk budget gives way with the cache first).
     *
     * @return the bytes of content evicted (deleted in the background)
     */
    long evict(long bytes) {
        List<Sha256> victims = new ArrayList<>();
        long freed = 0;
        synchronized (this) {
            var it = entries.entrySet().iterator();
            while (freed < bytes && it.hasNext()) {
                Map.Entry<Sha256, Long> eldest = it.next();
                freed += eldest.getValue();
                usedBytes -= eldest.getValue();
                victims.add(eldest.getKey());
                cached.remove(eldest.getKey());
                it.remove();
            }
        }
        release(victims);
        return freed;
    }

    synchronized long usedBytes() {
        return usedBytes;
    }

    synchronized long capacityBytes() {
        return capacityBytes;
    }

    synchronized long evictions() {
        return evictions;
    }

    private void release(List<Sha256> victims) {
        if (victims.isEmpty()) {
            return;
        }
        synchronized (this) {
            evictions += victims.size();
        }
        evictor.execute(() -> victims.forEach(this::deleteUnlessHeld));
    }

    /** Deletes evicted content unless the node needs it: cached again meanwhile, or a key referencing it is held here. */
    private void deleteUnlessHeld(Sha256 hash) {
        try {
            if (!placement.deleteIfUnneeded(hash)) {
                LOG.debug("kept evicted content {}: this node holds a key naming it, or cached it again", hash);
            }
        } catch (PlacementView.PlacementUnknown e) {
            LOG.info("kept evicted content {}: {}", hash, e.getMessage()); // never delete what may be a holder's copy
        } catch (RuntimeException e) {
            LOG.warn("deleting evicted content {} failed", hash, e);
        }
    }
}
