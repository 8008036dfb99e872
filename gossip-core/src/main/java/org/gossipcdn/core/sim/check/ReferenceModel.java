package org.gossipcdn.core.sim.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The independent checker's model: from the operation history alone (each acknowledged write with
 * its version, content, owner claim and the causal context the client was answered), what every key
 * must be at a given time. It shares no code with the rules it checks (gossip-core's
 * {@code version}, {@code replica}, {@code antientropy} packages): it is written from the
 * proposals, on plain values, so a mistake in the production merge cannot hide itself here.
 * {@code ReferenceModelTest} pins it with hand-made histories; a test keeps its imports to the JDK.
 *
 * <h2>Rules, per key</h2>
 * <ol>
 *   <li><b>Purged deletes</b> (proposal 0003). Writes are taken in acknowledgement order. When the
 *       winner (below) of the writes so far is a tombstone, and a new write comes more than
 *       {@code tombstoneGrace} after it (by wall time of the versions) without having seen any of
 *       them, the key was purged and written afresh: the earlier writes are from before the purge.
 *       They are no longer required anywhere, and a node may still hold them as losers.</li>
 *   <li><b>Owner rule</b> (proposal 0010). If any write is signed, the key is owned; its claim is
 *       the least claim (earliest {@code since}, then the smaller owner key); only writes bearing
 *       that claim count, the others are dropped everywhere.</li>
 *   <li><b>Winner</b> (proposal 0001). The greatest counted write by version (tick, then writer
 *       id), then content hash. A tombstone winner means the key is deleted: a node must then hold
 *       either nothing or that tombstone as its winner.</li>
 *   <li><b>Kept concurrent versions</b> (0001). A counted write is a head iff no other counted
 *       write saw it (the other's context has an entry for its writer at or after its tick). The
 *       {@code maxHeads} greatest heads are kept (the winner always); heads beyond the cap may or
 *       may not be held (a node that saw them in another grouping may have dropped others).</li>
 *   <li><b>Retention</b> (0001). A kept loser whose own wall time is more than
 *       {@code conflictRetention + maxClockDrift + one full sweep} before the checking time must be
 *       gone from every node; one younger than {@code conflictRetention - maxClockDrift} must still
 *       be kept; in between either is fine. The winner never expires.</li>
 * </ol>
 */
public final class ReferenceModel {

    /** Greatest first: version, then content hash. */
    static final Comparator<Write> GREATEST_FIRST =
            Comparator.comparing(Write::version).thenComparing(Write::content).reversed();

    private final Rules rules;

    public ReferenceModel(Rules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public Rules rules() {
        return rules;
    }

    /** What each key of {@code history} must be at wall time {@code nowMillis}. */
    public Map<UUID, Expectation> expect(Collection<Write> history, long nowMillis) {
        Map<UUID, List<Write>> byKey = new TreeMap<>();
        for (Write w : history) {
            byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
        }
        Map<UUID, Expectation> out = new LinkedHashMap<>();
        byKey.forEach((key, writes) -> out.put(key, expectKey(key, writes, nowMillis)));
        return out;
    }

    private Expectation expectKey(UUID key, List<Write> writes, long nowMillis) {
        List<Write> ordered = new ArrayList<>(writes);
        ordered.sort(Comparator.comparingLong(Write::order).thenComparing(Write::version));
        List<Write> beforePurge = new ArrayList<>();
        List<Write> current = new ArrayList<>();
        for (Write w : ordered) {
            if (!current.isEmpty()) {
                Write winner = greatest(counted(current));
                boolean purgeable = w.version().tick().wall() - winner.version().tick().wall()
                        > rules.tombstoneGrace().toMillis();
                if (winner.tombstone() && purgeable && current.stream().noneMatch(w::saw)) {
                    beforePurge.addAll(current);
                    current.clear();
                }
            }
            current.add(w);
        }
        Map<Stamp, Expectation.Status> statuses = new LinkedHashMap<>();
        beforePurge.forEach(w -> statuses.put(w.version(), Expectation.Status.OPTIONAL));
        List<Write> counted = counted(current);
        current.stream().filter(w -> !counted.contains(w)).forEach(w -> statuses.put(w.version(), Expectation.Status.NOT_KEPT));
        Write winner = greatest(counted);
        List<Write> heads = new ArrayList<>();
        for (Write w : counted) {
            boolean overwritten = counted.stream().anyMatch(o -> !o.version().equals(w.version()) && o.saw(w));
            statuses.put(w.version(), Expectation.Status.NOT_KEPT);
            if (!overwritten && w != winner) {
                heads.add(w);
            }
        }
        heads.sort(GREATEST_FIRST);
        statuses.put(winner.version(), Expectation.Status.WINNER);
        for (int i = 0; i < heads.size(); i++) {
            Write loser = heads.get(i);
            statuses.put(loser.version(), i + 1 < rules.maxHeads() ? retained(loser, nowMillis) : Expectation.Status.OPTIONAL);
        }
        return new Expectation(key, winner, statuses);
    }

    /** A kept loser's status by its age at {@code nowMillis}. */
    private Expectation.Status retained(Write loser, long nowMillis) {
        long age = nowMillis - loser.version().tick().wall();
        if (age > rules.expiredAfterMillis()) {
            return Expectation.Status.EXPIRED;
        }
        return age < rules.keptUntilMillis() ? Expectation.Status.REQUIRED : Expectation.Status.OPTIONAL;
    }

    /** The writes the owner rule lets count: all if none is signed, else those bearing the least claim. */
    static List<Write> counted(List<Write> writes) {
        Claim least = null;
        for (Write w : writes) {
            if (w.claim() != null && (least == null || Claim.ORDER.compare(w.claim(), least) < 0)) {
                least = w.claim();
            }
        }
        if (least == null) {
            return writes;
        }
        Claim claim = least;
        return writes.stream().filter(w -> claim.equals(w.claim())).toList();
    }

    private static Write greatest(List<Write> writes) {
        return writes.stream().min(GREATEST_FIRST).orElseThrow();
    }
}
