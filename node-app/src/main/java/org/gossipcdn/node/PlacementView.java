package org.gossipcdn.node;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.version.Sha256;

/**
 * This node's view of placement, for the serving side: the data members ranked for a key (holders
 * first) and whether this node is one of the key's R holders. Blocks for the node loop's answer, so
 * it is called from worker and eviction threads only, never from the node loop itself.
 */
final class PlacementView {

    /** The node loop answers in microseconds; this bound only keeps a stopping node from hanging a request. */
    private static final long ANSWER_SECONDS = 5;

    private final NodeId self;
    private final Function<UUID, CompletableFuture<List<Placement.Holder>>> rank;
    private final IntSupplier replicas;
    private final Function<Sha256, CompletableFuture<Boolean>> deleteIfUnneeded;

    /**
     * @param rank every live data member for a key, best score first ({@code GossipNode::rank})
     * @param replicas R ({@code GossipNode::replicas})
     * @param deleteIfUnneeded deletes content unless a key held here names it or it is a cache copy, checked
     *                         on the node loop ({@code GossipNode::deleteIfUnneeded})
     */
    PlacementView(NodeId self, Function<UUID, CompletableFuture<List<Placement.Holder>>> rank, IntSupplier replicas,
                  Function<Sha256, CompletableFuture<Boolean>> deleteIfUnneeded) {
        this.self = Objects.requireNonNull(self, "self");
        this.rank = Objects.requireNonNull(rank, "rank");
        this.replicas = Objects.requireNonNull(replicas, "replicas");
        this.deleteIfUnneeded = Objects.requireNonNull(deleteIfUnneeded, "deleteIfUnneeded");
    }

    NodeId self() {
        return self;
    }

    int replicas() {
        return replicas.getAsInt();
    }

    /** Every live data member, best score for {@code key} first; the first {@link #replicas()} are its holders. */
    List<Placement.Holder> rank(UUID key) throws PlacementUnknown {
        try {
            return rank.apply(key).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlacementUnknown("interrupted while asking the node for the holders of " + key);
        } catch (ExecutionException | TimeoutException e) {
            throw new PlacementUnknown("the node did not rank the holders of " + key + ": " + e);
        }
    }

    /**
     * Deletes content this node no longer wants to keep, unless the node needs it (a key it holds
     * names it, or it is a cache copy again); the node decides on its loop. True if deleted.
     */
    boolean deleteIfUnneeded(Sha256 hash) throws PlacementUnknown {
        try {
            return deleteIfUnneeded.apply(hash).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlacementUnknown("interrupted while asking the node to delete content " + hash);
        } catch (ExecutionException | TimeoutException e) {
            throw new PlacementUnknown("the node did not decide on deleting content " + hash + ": " + e);
        }
    }

    /** True if this node is one of the key's holders in its current view. */
    boolean holdsHere(UUID key) throws PlacementUnknown {
        return isHolder(rank(key));
    }

    /** True if this node is among the first R of {@code ranked}. */
    boolean isHolder(List<Placement.Holder> ranked) {
        List<Placement.Holder> top = ranked.subList(0, Math.min(replicas(), ranked.size()));
        return top.stream().anyMatch(h -> h.member().id().equals(self));
    }

    /** The node could not say who holds a key (stopping, or its loop is stuck). */
    static final class PlacementUnknown extends Exception {
        private static final long serialVersionUID = 1L;

        PlacementUnknown(String message) {
            super(message);
        }
    }
}
