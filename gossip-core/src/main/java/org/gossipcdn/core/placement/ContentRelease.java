package org.gossipcdn.core.placement;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.spi.EdgeCache;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.Sha256;

/**
 * The one place where a node deletes content it keeps but no longer wants (a copy handed to its
 * holders, an evicted cache copy, a read-through copy that found no room): it deletes only if no
 * key that names the content is held here, and the content is not a cache copy (again). It runs
 * on the node's loop, like the answers to placement's confirmations and the rebalancer's checks,
 * so no check can pass between another's look and its delete. Content named by more keys than
 * {@link #REFERRERS_CHECKED} is kept: it cannot be checked cheaply, and it is rare.
 * See proposals/0016-placement.md, "Releasing a copy".
 *
 * <p>Runs on the node's loop; not thread-safe.
 */
public final class ContentRelease {

    private static final Logger LOG = System.getLogger(ContentRelease.class.getName());
    /** Keys naming one content that are checked; content named by more is kept. */
    public static final int REFERRERS_CHECKED = 64;

    private final Store store;
    private final Placement placement;
    private final EdgeCache cache;

    public ContentRelease(Store store, Placement placement, EdgeCache cache) {
        this.store = Objects.requireNonNull(store, "store");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * The keys whose kept versions name this content, or null if there are more than
     * {@link #REFERRERS_CHECKED}.
     */
    List<UUID> referrers(Sha256 hash) {
        List<UUID> keys = store.referrers(hash, REFERRERS_CHECKED + 1);
        return keys.size() > REFERRERS_CHECKED ? null : keys;
    }

    /** True if a key that names this content is held here, or too many keys name it to tell. */
    public boolean heldHere(Sha256 hash) {
        List<UUID> keys = referrers(hash);
        return keys == null || keys.stream().anyMatch(placement::isHolder);
    }

    /**
     * Deletes the content unless this node needs it: a key it holds names it, too many keys name it
     * to check, or it is a cache copy. True if deleted.
     */
    public boolean deleteIfUnneeded(Sha256 hash) {
        if (hash.equals(Sha256.EMPTY) || cache.contains(hash) || heldHere(hash)) {
            LOG.log(Level.DEBUG, "kept content {0}: a key held here names it, or it is a cache copy", hash);
            return false;
        }
        store.deleteContent(hash);
        return true;
    }
}
