package org.gossipcdn.core.sim.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Each live node's final state judged against the {@link ReferenceModel}'s expectations:
 * <ul>
 *   <li>{@code lost_writes}: versions the model requires (winners, kept losers) missing on some
 *       live node that holds the key, or on any live node for a key that is not deleted;</li>
 *   <li>{@code diverged_keys}: keys where a live node's winner is not the model's, a node keeps a
 *       version the model says no node keeps (overwritten, dropped by the owner rule, or never
 *       acknowledged), or live nodes disagree on the winner or the kept set;</li>
 *   <li>{@code resurrected}: keys the model says are deleted that some live node serves;</li>
 *   <li>{@code kept_expired_not_dropped}: losers past their retention bound still held somewhere.</li>
 * </ul>
 *
 * @param wrongWinnerKeys of the diverged keys, those where some live node's winner is not the model's
 * @param lost the lost versions, as {@code key version}
 * @param examples a few of the failures, for people
 */
public record Verdict(int ackedWrites, int lostWrites, int divergedKeys, int resurrected, int keptExpiredNotDropped,
                      int wrongWinnerKeys, List<String> lost, List<String> examples) {

    private static final int MAX_EXAMPLES = 6;

    public Verdict {
        lost = List.copyOf(lost);
        examples = List.copyOf(examples);
    }

    /**
     * @param finals live node name → key → the node's heads of that key, winner first (absent or
     *        empty: the node holds no record of the key)
     */
    public static Verdict judge(int ackedWrites, Map<UUID, Expectation> expected,
                                Map<String, Map<UUID, List<Head>>> finals) {
        Set<UUID> keys = new TreeSet<>(expected.keySet());
        finals.values().forEach(m -> m.forEach((k, heads) -> {
            if (!heads.isEmpty()) {
                keys.add(k);
            }
        }));
        List<String> lost = new ArrayList<>();
        int diverged = 0;
        int resurrected = 0;
        int wrongWinners = 0;
        Set<String> expired = new TreeSet<>();
        List<String> examples = new ArrayList<>();
        for (UUID key : keys) {
            int noted = examples.size();
            Expectation e = expected.get(key);
            Set<Stamp> lostHere = new TreeSet<>();
            Set<List<Object>> views = new java.util.HashSet<>();
            boolean divergedHere = false;
            boolean resurrectedHere = false;
            boolean wrongWinnerHere = false;
            for (var node : finals.entrySet()) {
                List<Head> heads = node.getValue().getOrDefault(key, List.of());
                if (heads.isEmpty()) {
                    if (e != null && !e.deleted()) {
                        lostHere.addAll(e.required());
                        views.add(List.of("absent"));
                        note(examples, key + ": no record at " + node.getKey() + ", model winner " + e.winner().version());
                    }
                    continue;
                }
                Head winner = heads.get(0);
                if (e == null) {
                    divergedHere = true;
                    note(examples, key + ": " + node.getKey() + " holds " + winner.version() + ", never acknowledged");
                    continue;
                }
                if (e.deleted() && !winner.tombstone()) {
                    resurrectedHere = true;
                    note(examples, key + ": deleted by " + e.winner().version() + ", yet " + node.getKey() + " serves "
                            + winner.version());
                }
                if (!winner.version().equals(e.winner().version())) {
                    divergedHere = true;
                    wrongWinnerHere = true;
                    note(examples, key + ": " + node.getKey() + " wins with " + winner.version() + ", model: "
                            + e.winner().version());
                }
                Set<Stamp> held = new TreeSet<>();
                heads.forEach(h -> held.add(h.version()));
                for (Stamp required : e.required()) {
                    if (!held.contains(required)) {
                        lostHere.add(required);
                        note(examples, key + ": " + node.getKey() + " lacks " + required + " (" + e.status(required) + ")");
                    }
                }
                List<Object> view = new ArrayList<>(List.of(winner.version(), winner.tombstone()));
                for (Head h : heads.subList(1, heads.size())) {
                    Expectation.Status s = e.status(h.version());
                    if (s == Expectation.Status.EXPIRED) {
                        expired.add(key + " " + h.version());
                        note(examples, key + ": " + node.getKey() + " still keeps expired " + h.version());
                    } else if (s == null || s == Expectation.Status.NOT_KEPT || s == Expectation.Status.WINNER) {
                        divergedHere = true;
                        note(examples, key + ": " + node.getKey() + " keeps " + h.version() + " (" + (s == null
                                ? "never acknowledged" : s == Expectation.Status.WINNER ? "as a loser" : "not kept") + ")");
                    }
                    if (s != Expectation.Status.OPTIONAL && s != Expectation.Status.EXPIRED) {
                        view.add(h.version());
                    }
                }
                views.add(view);
            }
            if (views.size() > 1 && !divergedHere) {
                divergedHere = true;
                note(examples, key + ": live nodes disagree: " + views);
            }
            if (examples.size() > noted + 1) {
                examples.subList(noted + 1, examples.size()).clear(); // one example per key
            }
            lostHere.forEach(v -> lost.add(key + " " + v));
            diverged += divergedHere ? 1 : 0;
            resurrected += resurrectedHere ? 1 : 0;
            wrongWinners += wrongWinnerHere ? 1 : 0;
        }
        return new Verdict(ackedWrites, lost.size(), diverged, resurrected, expired.size(), wrongWinners, lost, examples);
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(example);
        }
    }

    /** This verdict plus {@code other}'s (two checks of one run). */
    public Verdict plus(Verdict other) {
        List<String> ex = new ArrayList<>(examples);
        other.examples.stream().limit(Math.max(0, MAX_EXAMPLES - ex.size())).forEach(ex::add);
        return new Verdict(ackedWrites + other.ackedWrites, lostWrites + other.lostWrites, divergedKeys + other.divergedKeys,
                resurrected + other.resurrected, keptExpiredNotDropped + other.keptExpiredNotDropped,
                wrongWinnerKeys + other.wrongWinnerKeys,
                java.util.stream.Stream.concat(lost.stream(), other.lost.stream()).toList(), ex);
    }

    /** The figures under the names {@code gcdn sim} and the chaos checker print. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("acked_writes", ackedWrites);
        f.put("lost_writes", lostWrites);
        f.put("diverged_keys", divergedKeys);
        f.put("resurrected", resurrected);
        f.put("kept_expired_not_dropped", keptExpiredNotDropped);
        return f;
    }
}
