package org.gossipcdn.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything a replica keeps for one key: the <em>heads</em>, the records that no other known
 * record of the key overwrote knowingly. The greatest head (by {@link BlobRecord#ORDER}) is the
 * winner; the others are the kept losing concurrent versions. Heads are sorted greatest first.
 *
 * <h2>The merge rule</h2>
 * {@code merge(a, b) = top_K(heads(a ∪ b))}: take both head sets, drop every record that
 * another record in the union dominates, keep the K greatest. Without the cap this is the join
 * of a semilattice (commutative, associative, idempotent), so replicas that saw the same writes
 * in any order and grouping hold the same state. The winner is the greatest version ever written
 * (a dominating record always has a greater HLC, so the maximum is never dominated): the
 * last-writer-wins register, with the losers kept visible. Proven in {@code KeyStateProperties};
 * see proposals/0001-versions-and-conflicts.md.
 *
 * <h2>Owned keys</h2>
 * A key some of whose records are owner-signed is owned. Its {@linkplain #claim() claim} is the
 * least claim ({@link OwnerSignature#CLAIM_ORDER}: earliest first write, then smaller key) among
 * the signed records of the union; the merge keeps only records signed with that claim. Only a
 * record of the same claim can dominate a signed one, so the claim of the result equals the claim
 * of the union and the kept records depend only on the union: the rule stays a join. See
 * proposals/0010-owner-signed-records.md.
 */
public record KeyState(UUID key, List<BlobRecord> heads) {

    public KeyState {
        Objects.requireNonNull(key, "key");
        heads = List.copyOf(heads);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a key state needs at least one record");
        }
        Optional<OwnerSignature> claim = claimOf(heads);
        for (int i = 0; i < heads.size(); i++) {
            BlobRecord r = heads.get(i);
            if (!admits(claim, r)) {
                throw new IllegalArgumentException("record " + r.version() + " of key " + key
                        + " is not admitted by the key's owner claim");
            }
            if (!r.key().equals(key)) {
                throw new IllegalArgumentException("record of key " + r.key() + " in state of key " + key);
            }
            if (i > 0 && BlobRecord.ORDER.compare(heads.get(i - 1), r) <= 0) {
                throw new IllegalArgumentException("heads must be distinct and sorted greatest first");
            }
        }
    }

    public static KeyState of(BlobRecord record) {
        return new KeyState(record.key(), List.of(record));
    }

    /** The greatest head: what a read of the key returns (a tombstone means deleted). */
    public BlobRecord winner() {
        return heads.get(0);
    }

    /** The kept losing concurrent versions, greatest first. */
    public List<BlobRecord> losers() {
        return heads.subList(1, heads.size());
    }

    /** The owner's claim on this key, if any record of it is signed. */
    public Optional<OwnerSignature> claim() {
        return claimOf(heads);
    }

    /** The least claim among the signed records of {@code records}. */
    public static Optional<OwnerSignature> claimOf(List<BlobRecord> records) {
        OwnerSignature least = null;
        for (BlobRecord r : records) {
            if (r.isSigned() && (least == null || OwnerSignature.CLAIM_ORDER.compare(r.owner(), least) < 0)) {
                least = r.owner();
            }
        }
        return Optional.ofNullable(least);
    }

    /**
     * True if a key under {@code claim} may hold {@code r}: any record while the key is unowned;
     * once owned, only records signed with the same claim (same owner key, same first write).
     */
    public static boolean admits(Optional<OwnerSignature> claim, BlobRecord r) {
        return claim.isEmpty() || r.isSigned() && r.owner().sameClaim(claim.get());
    }

    public boolean isDeleted() {
        return winner().tombstone();
    }

    /** The head with this version, if it is one. */
    public Optional<BlobRecord> head(Version version) {
        return heads.stream().filter(r -> r.version().equals(version)).findFirst();
    }

    /** True if this state holds {@code version} as a head or a head overwrote it knowingly. */
    public boolean knows(Version version) {
        for (BlobRecord r : heads) {
            if (r.version().equals(version) || r.seen().covers(version)) {
                return true;
            }
        }
        return false;
    }

    /** The context a new local write of this key must carry: it has seen every head. */
    public CausalContext contextForNextWrite() {
        CausalContext ctx = CausalContext.EMPTY;
        for (BlobRecord r : heads) {
            ctx = ctx.join(r.seen()).with(r.version());
        }
        return ctx;
    }

    /** {@code top_K(heads(this ∪ other))}; see the class comment. */
    public KeyState merge(KeyState other, int maxHeads) {
        if (!key.equals(other.key)) {
            throw new IllegalArgumentException("cannot merge key " + key + " with key " + other.key);
        }
        return merged(key, heads, other.heads, maxHeads);
    }

    /** The state after also seeing {@code record}. */
    public KeyState merge(BlobRecord record, int maxHeads) {
        return merged(key, heads, List.of(record), maxHeads);
    }

    /** This state without losers older than {@code cutoffMillis}; the winner always stays. */
    public KeyState withoutLosersBefore(long cutoffMillis) {
        List<BlobRecord> kept = new ArrayList<>(heads.size());
        kept.add(winner());
        for (BlobRecord r : losers()) {
            if (r.version().hlc().wallMillis() >= cutoffMillis) {
                kept.add(r);
            }
        }
        return kept.size() == heads.size() ? this : new KeyState(key, kept);
    }

    private static KeyState merged(UUID key, List<BlobRecord> a, List<BlobRecord> b, int maxHeads) {
        if (maxHeads < 1) {
            throw new IllegalArgumentException("maxHeads must be >= 1, was " + maxHeads);
        }
        List<BlobRecord> union = new ArrayList<>(a.size() + b.size());
        union.addAll(a);
        for (BlobRecord r : b) {
            if (!r.key().equals(key)) {
                throw new IllegalArgumentException("record of key " + r.key() + " merged into key " + key);
            }
            if (!union.contains(r)) {
                union.add(r);
            }
        }
        Optional<OwnerSignature> claim = claimOf(union);
        List<BlobRecord> heads = new ArrayList<>(union.size());
        for (BlobRecord candidate : union) {
            if (!admits(claim, candidate)) {
                continue;
            }
            boolean dominated = false;
            for (BlobRecord other : union) {
                if (other.dominates(candidate)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                heads.add(candidate);
            }
        }
        heads.sort(BlobRecord.ORDER.reversed());
        return new KeyState(key, heads.size() > maxHeads ? heads.subList(0, maxHeads) : heads);
    }
}
