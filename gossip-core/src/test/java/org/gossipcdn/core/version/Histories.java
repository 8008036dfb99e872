package org.gossipcdn.core.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

    /** Fake owner keys: merges compare keys and claims, they never verify signatures (nodes do, at entry). */
    static final byte[] K1 = ownerKey(1);
    static final byte[] K2 = ownerKey(2);

    static byte[] ownerKey(int n) {
        byte[] k = new byte[OwnerSignature.PUBLIC_KEY_BYTES];
        k[OwnerSignature.PUBLIC_KEY_BYTES - 1] = (byte) n;
        return k;
    }

    /**
     * A history where replica i's client writes unsigned (i % 3 == 0), signed by K1 (1) or by K2
     * (2), as the API allows it: signed writes carry the claim the writer's replica holds (their own
     * version when the key is unowned there); a write the replica would refuse (unsigned or another
     * owner's, on a key it holds as owned) is not made. Two first writers race whenever their
     * replicas have not yet exchanged states.
     */
    static List<BlobRecord> ownedRecords(long seed, int replicas, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        List<KeyState> states = new ArrayList<>();
        long[] clocks = new long[replicas];
        for (int i = 0; i < replicas; i++) {
            states.add(null);
            clocks[i] = 1_000;
        }
        List<BlobRecord> written = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int i = random.nextInt(replicas);
            if (random.nextInt(3) == 0) {
                KeyState theirs = states.get(random.nextInt(replicas));
                if (theirs != null) {
                    states.set(i, states.get(i) == null ? theirs : states.get(i).merge(theirs, Integer.MAX_VALUE));
                    for (BlobRecord r : theirs.heads()) {
                        clocks[i] = Math.max(clocks[i], r.version().hlc().wallMillis());
                    }
                }
                continue;
            }
            clocks[i] += random.nextInt(3);
            KeyState mine = states.get(i);
            Optional<OwnerSignature> claim = mine == null ? Optional.empty() : mine.claim();
            byte[] key = i % 3 == 0 ? null : i % 3 == 1 ? K1 : K2;
            if (claim.isPresent() && (key == null || !Arrays.equals(claim.get().publicKey(), key))) {
                continue; // refused at the API: 403
            }
            CausalContext ctx = mine == null ? CausalContext.EMPTY : mine.contextForNextWrite();
            Version v = new Version(new Hlc(clocks[i], s), key == null ? new NodeId(0, i + 1) : OwnerSignature.ownerId(key));
            boolean tombstone = random.nextInt(5) == 0;
            BlobRecord r = tombstone ? BlobRecord.tombstone(KEY, v, ctx)
                    : new BlobRecord(KEY, v, false, Sha256.of(new byte[] {(byte) random.nextInt(4)}), 1, "text/plain", ctx);
            if (key != null) {
                byte[] sig = new byte[OwnerSignature.SIGNATURE_BYTES];
                sig[0] = (byte) s;
                r = r.signed(OwnerSignature.of(key, claim.map(OwnerSignature::since).orElse(v), sig));
            }
            written.add(r);
            states.set(i, mine == null ? KeyState.of(r) : mine.merge(r, Integer.MAX_VALUE));
        }
        return written;
    }

    /** A random non-empty subset of {@code all}: what one replica may have seen. */
    static List<BlobRecord> sample(List<BlobRecord> all, Random random) {
        List<BlobRecord> out = new ArrayList<>();
        for (BlobRecord r : all) {
            if (random.nextBoolean()) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            out.add(all.get(random.nextInt(all.size())));
        }
        return out;
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
