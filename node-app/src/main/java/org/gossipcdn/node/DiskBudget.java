package org.gossipcdn.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code --max-disk}: the most disk the store may use (proposal 0018). Cache copies give way
 * first: room for new content is made by evicting them, and only when the cache has nothing left
 * to give is an upload refused (507) and the node reported short of room for its holder's share.
 *
 * <p>Deleted content leaves the disk only when the store compacts, so bytes evicted count as
 * freed ({@code credit}) until the measured use has dropped by as much; without that, every check
 * before the compaction would evict more. Thread-safe.
 */
final class DiskBudget {

    private final long maxBytes;
    private final LongSupplier usedBytes;
    private final LruEdgeCache cache;
    private long credit;
    private long lastSample = -1;
    private long refusals;

    /**
     * @param maxBytes the budget; 0: no budget
     * @param usedBytes the store's disk use now
     */
    DiskBudget(long maxBytes, LongSupplier usedBytes, LruEdgeCache cache) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("max-disk must be >= 0 bytes (0: no limit), was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.usedBytes = usedBytes;
        this.cache = cache;
    }

    /**
     * Makes room for {@code incoming} more bytes, evicting cache copies as needed.
     *
     * @return false if even an empty cache leaves no room: the caller refuses an upload
     */
    synchronized boolean makeRoom(long incoming) {
        if (maxBytes == 0) {
            return true;
        }
        long over = used() + Math.max(0, incoming) - maxBytes;
        if (over <= 0) {
            return true;
        }
        credit += cache.evict(over);
        return used() + Math.max(0, incoming) <= maxBytes;
    }

    /** An upload was refused for want of room. */
    synchronized void refused() {
        refusals++;
    }

    /** The measured use less what was evicted but not yet reclaimed. */
    private long used() {
        long sample = usedBytes.getAsLong();
        if (lastSample >= 0 && sample < lastSample) {
            credit = Math.max(0, credit - (lastSample - sample)); // the store reclaimed some of it
        }
        lastSample = sample;
        return Math.max(0, sample - credit);
    }

    /** True if the content this node must keep (all but cache copies) is over the budget. */
    synchronized boolean isShort() {
        return maxBytes > 0 && used() - cache.usedBytes() > maxBytes;
    }

    synchronized long usedBytes() {
        return used();
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The {@code disk} part of {@code /v1/status}. */
    synchronized Map<String, Object> status() {
        long used = used();
        long cached = cache.usedBytes();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxBytes", maxBytes);
        m.put("usedBytes", used);
        m.put("cacheBytes", cached);
        m.put("cacheCapacityBytes", cache.capacityBytes());
        m.put("holderBytes", Math.max(0, used - cached));
        boolean isShort = maxBytes > 0 && used - cached > maxBytes;
        m.put("short", isShort);
        m.put("uploadsRefused", refusals);
        if (isShort) {
            m.put("detail", "this node cannot take its holder's share: it keeps " + (used - cached) + " bytes for keys it holds, "
                    + "over --max-disk " + maxBytes + "; give it more disk, lower its --capacity, or add nodes");
        }
        return m;
    }
}
