package org.gossipcdn.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and sizes of record spreading: eager push along a broadcast tree (proposal 0021) with the
 * rumor tick and anti-entropy as the safety net. {@link #defaults()} explains each value.
 *
 * @param gossipTick how often queued fresh records are pushed
 * @param fanout how many random data members each tick pushes to
 * @param retransmitMultiplier a record is pushed about mult·ceil(log10(N+1)) times by each node that commits it
 * @param maxRecordsPerMessage how many records one rumor or push carries at most
 * @param fetchAttempts how many times missing content is asked for before leaving it to anti-entropy
 * @param eagerPush push each committed record at once along the broadcast tree; off, records wait
 *                  for the rumor tick alone (the tick-only baseline)
 * @param treeDegree how many random data members a node starts with as tree neighbours (links grow
 *                   symmetric: a member that pushes to this node becomes one too)
 * @param lazyInterval how long announcements ({@code ihave}) to non-tree neighbours are batched
 * @param graftTimeout how long an announced record may be missing before the link is grafted into the tree
 * @param inlineLimit content up to this many bytes travels inside the push; larger content is fetched by hash
 * @param directLimit in a network of at most this many data members, a node pushes its own writes to
 *                    every other data member itself (the tree is a star rooted at the writer: the
 *                    same N − 1 pushes, one hop, no announcements); above it, along the shared tree
 */
public record DisseminationConfig(Duration gossipTick, int fanout, int retransmitMultiplier,
                                  int maxRecordsPerMessage, int fetchAttempts, boolean eagerPush, int treeDegree,
                                  Duration lazyInterval, Duration graftTimeout, int inlineLimit, int directLimit) {

    public DisseminationConfig {
        Objects.requireNonNull(gossipTick, "gossipTick");
        Objects.requireNonNull(lazyInterval, "lazyInterval");
        Objects.requireNonNull(graftTimeout, "graftTimeout");
        positive("gossipTick", gossipTick);
        positive("lazyInterval", lazyInterval);
        positive("graftTimeout", graftTimeout);
        if (fanout < 1) {
            throw new IllegalArgumentException("fanout must be >= 1, was " + fanout);
        }
        if (retransmitMultiplier < 1) {
            throw new IllegalArgumentException("retransmitMultiplier must be >= 1, was " + retransmitMultiplier);
        }
        if (maxRecordsPerMessage < 1) {
            throw new IllegalArgumentException("maxRecordsPerMessage must be >= 1, was " + maxRecordsPerMessage);
        }
        if (fetchAttempts < 1) {
            throw new IllegalArgumentException("fetchAttempts must be >= 1, was " + fetchAttempts);
        }
        if (treeDegree < 1) {
            throw new IllegalArgumentException("treeDegree must be >= 1, was " + treeDegree);
        }
        if (directLimit < 0) {
            throw new IllegalArgumentException("directLimit must be >= 0, was " + directLimit);
        }
        if (inlineLimit < 0 || inlineLimit > MAX_INLINE_LIMIT) {
            throw new IllegalArgumentException("inlineLimit must be in [0, " + MAX_INLINE_LIMIT + "], was " + inlineLimit);
        }
    }

    /** Inline content is stored on the node's loop and held in memory by the message: kept small. */
    public static final int MAX_INLINE_LIMIT = 256 * 1024;

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }

    public static DisseminationConfig defaults() {
        return new DisseminationConfig(
                Duration.ofMillis(200),     // five pushes a second: without the tree a write spreads in about a second
                3,                          // 3 pushes per tick: everyone within log2 N + ln N ticks
                4,                          // as membership's λ
                256,                        // a burst of writes goes out in a few messages of modest size
                3,                          // then anti-entropy (every second) brings it anyway
                true,                       // eager push: a write reaches everyone in tree depth × link latency
                4,                          // 4 random neighbours: a 4-out random graph is connected w.h.p.
                Duration.ofMillis(200),     // announcements wait a tick: writes within it share one ihave per lazy link
                                            // (ihaves are most of the tree's messages; see proposal 0021)
                Duration.ofMillis(150),     // the tree path (depth × few ms) normally wins by far; then graft
                16 * 1024,                  // a fetch costs a round trip; 16 KiB (22 kB as base64) is cheaper to send
                16);                        // up to 16 nodes the writer's 15 parallel pushes beat 2-4 hops of a tree
    }

    /** The eager-push timings scaled with a tick: announcements every tick, grafts after 3/4 of a tick. */
    public DisseminationConfig withGossipTick(Duration tick) {
        return new DisseminationConfig(tick, fanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts, eagerPush,
                treeDegree, tick, tick.multipliedBy(3).dividedBy(4), inlineLimit, directLimit);
    }

    public DisseminationConfig withFanout(int newFanout) {
        return new DisseminationConfig(gossipTick, newFanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts,
                eagerPush, treeDegree, lazyInterval, graftTimeout, inlineLimit, directLimit);
    }

    /** Eager push on, or off for the tick-only baseline. */
    public DisseminationConfig withEagerPush(boolean on) {
        return new DisseminationConfig(gossipTick, fanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts,
                on, treeDegree, lazyInterval, graftTimeout, inlineLimit, directLimit);
    }

    public DisseminationConfig withInlineLimit(int bytes) {
        return new DisseminationConfig(gossipTick, fanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts,
                eagerPush, treeDegree, lazyInterval, graftTimeout, bytes, directLimit);
    }

    /** The largest network, in data members, in which a writer pushes to everyone itself; 0: always the tree. */
    public DisseminationConfig withDirectLimit(int members) {
        return new DisseminationConfig(gossipTick, fanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts,
                eagerPush, treeDegree, lazyInterval, graftTimeout, inlineLimit, members);
    }
}
