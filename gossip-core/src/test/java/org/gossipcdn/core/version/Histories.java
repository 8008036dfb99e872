package org.gossipcdn.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;

/**
 * Realistic write histories of one key: a few replicas that write (with the causal context of
 * what they hold), delete, and merge each other's states in random order, the way real nodes do.
 * The records it produced are the universe the merge laws are checked over.
 */
final class Histories {

    static final UUID KEY = new UUID(42, 42);

    private Histories() {
    }

    /** All records written in a random history of {@code steps} steps among {@code replicas} replicas. */
    static List<BlobRecord> records(long seed, int replicas, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NodeId> nodes = new ArrayList<>();
        List<KeyState> states = new ArrayList<>();
        long[] clocks = new long[replicas];
        for (int i = 0; i < replicas; i++) {
            nodes.add(new NodeId(0, i + 1));
            states.add(null);
            clocks[i] = 1_000;
        }
        List<BlobRecord> written = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int i = random.nextInt(replicas);
            if (random.nextInt(3) == 0 && states.get(random.nextInt(replicas)) != null) {
                int j = random.nextInt(replicas);
                KeyState theirs = states.get(j);
                if (theirs != null) {
                    states.set(i, states.get(i) == null ? theirs : states.get(i).merge(theirs, Integer.MAX_VALUE));
                    for (BlobRecord r : theirs.heads()) {
                        clocks[i] = Math.max(clocks[i], r.version().hlc().wallMillis());
                    }
                }
                continue;
            }
            clocks[i] += random.nextInt(3); // clocks may stand still: counters then order
            Hlc hlc = new Hlc(clocks[i], s);
            KeyState mine = states.get(i);
            CausalContext ctx = mine == null ? CausalContext.EMPTY : mine.contextForNextWrite();
            Version v = new Version(hlc, nodes.get(i));
            BlobRecord r = random.nextInt(5) == 0
                    ? BlobRecord.tombstone(KEY, v, ctx)
                    : new BlobRecord(KEY, v, false, Sha256.of(new byte[] {(byte) random.nextInt(4)}), 1,
                            "text/plain", ctx);
            written.add(r);
            states.set(i, mine == null ? KeyState.of(r) : mine.merge(r, Integer.MAX_VALUE));
        }
        return written;
    }

    /** The state a replica holds after seeing {@code records} in this order. */
    static KeyState fold(List<BlobRecord> records, int maxHeads) {
        KeyState s = null;
        for (BlobRecord r : records) {
            s = s == null ? KeyState.of(r) : s.merge(r, maxHeads);
        }
        return s;
    }
}
