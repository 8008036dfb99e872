package org.gossipcdn.core.spi;

import org.gossipcdn.core.version.Sha256;

/**
 * Content a node keeps although it does not hold it (it is not among the key's holders): copies
 * read through for clients, and copies handed to their holders. The node's {@code Rebalancer}
 * admits a copy once the holders confirm theirs, and pins it again when the node becomes a holder.
 * An implementation bounds what it keeps and deletes what it evicts from the {@link Store}, but
 * never a copy the node holds. {@link #NONE} keeps nothing. Thread-safe.
 */
public interface EdgeCache {

    /** Keeps nothing: content a node does not hold is deleted once its holders have it. */
    EdgeCache NONE = new EdgeCache() {
        @Override
        public boolean contains(Sha256 hash) {
            return false;
        }

        @Override
        public boolean admit(Sha256 hash, long size) {
            return false;
        }

        @Override
        public void pin(Sha256 hash) {
            // nothing is cached, nothing to pin
        }
    };

    /** True if this content is kept here as an evictable cache copy. */
    boolean contains(Sha256 hash);

    /**
     * Offers stored content this node no longer has to hold. True if it is kept as a cache copy;
     * false if not, and the caller deletes it.
     */
    boolean admit(Sha256 hash, long size);

    /** This node holds this content now: it must no longer be evicted as a cache copy. */
    void pin(Sha256 hash);
}
