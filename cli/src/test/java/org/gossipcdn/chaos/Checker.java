package org.gossipcdn.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.gossipcdn.core.sim.check.Claim;
import org.gossipcdn.core.sim.check.ReferenceModel;
import org.gossipcdn.core.sim.check.Rules;
import org.gossipcdn.core.sim.check.Stamp;
import org.gossipcdn.core.sim.check.Tick;
import org.gossipcdn.core.sim.check.Verdict;
import org.gossipcdn.core.sim.check.Write;

/**
 * Reads an operation history and every node's final state of every key and judges them with the
 * independent checker's {@link ReferenceModel} (gossip-core {@code sim.check}: plain values, no
 * rule code shared with the merge it checks):
 * <ul>
 *   <li>{@code lost_writes}: versions the model says must still be kept (winner or kept
 *       concurrent loser) that some node does not hold;</li>
 *   <li>{@code diverged_keys}: keys where nodes disagree with each other or with the model on the
 *       winner or the kept set after the settle period;</li>
 *   <li>{@code resurrected}: keys the model says are deleted that some node serves;</li>
 *   <li>{@code kept_expired_not_dropped}: losers past conflictRetention still held.</li>
 * </ul>
 * A write whose answer was lost (a timeout, a 5xx after the commit) is not in the history as
 * acknowledged; if some node holds it, it did happen, so it joins the history with the context
 * the node lists for it.
 */
final class Checker {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** One head of a key on one node, from {@code GET /v1/blobs/{key}/versions}. */
    record Head(String version, boolean tombstone, String etag, String content, Map<String, String> supersedes,
                String ownerKey, String ownedSince) {

        static List<Head> of(JsonNode versions) {
            List<Head> out = new ArrayList<>();
            if (versions == null) {
                return out;
            }
            out.add(head(versions.get("winner")));
            versions.get("losers").forEach(l -> out.add(head(l)));
            return out;
        }

        private static Head head(JsonNode r) {
            Map<String, String> sup = new TreeMap<>();
            r.path("supersedes").fields().forEachRemaining(e -> sup.put(e.getKey(), e.getValue().asText()));
            String content = r.path("content").asText("");
            content = content.substring(content.lastIndexOf('/') + 1);
            return new Head(r.get("version").asText(), r.get("tombstone").asBoolean(), r.get("etag").asText(), content, sup,
                    r.hasNonNull("ownerKey") ? r.get("ownerKey").asText() : null,
                    r.hasNonNull("ownedSince") ? r.get("ownedSince").asText() : null);
        }

        org.gossipcdn.core.sim.check.Head plain() {
            return new org.gossipcdn.core.sim.check.Head(Stamp.parse(version), tombstone, content);
        }

        Map<String, Tick> seen() {
            Map<String, Tick> out = new TreeMap<>();
            supersedes.forEach((writer, tick) -> out.put(writer, Tick.parse(tick)));
            return out;
        }

        Claim claim() {
            return ownerKey == null || ownedSince == null ? null : new Claim(ownerKey, Stamp.parse(ownedSince));
        }
    }

    /** The model's settings for nodes run with default settings and {@code tombstoneGrace}. */
    static Rules rules(Duration tombstoneGrace) {
        // ReplicaConfig.defaults(): 8 losers, 24 h retention, 60 s drift; a full sweep is
        // 65,536 leaves / 64 per 200 ms gossip tick
        return new Rules(9, Duration.ofHours(24), Duration.ofSeconds(60), Duration.ofMillis(65_536 / 64 * 200L), tombstoneGrace);
    }

    /**
     * @param finals node → key → heads (empty list: the node has no such key)
     * @param lostSplitByReplicas count writes acked with W = 1 separately (kill scenario)
     * @param nowMillis the checking time (client clock)
     */
    static Map<String, Object> check(List<Op> history, Map<String, Map<String, List<Head>>> finals, boolean lostSplitByReplicas,
                                     Rules rules, long nowMillis) {
        Map<String, Head> held = new LinkedHashMap<>();
        finals.values().forEach(perKey -> perKey.values().forEach(heads -> heads.forEach(h -> held.putIfAbsent(h.version(), h))));
        List<Write> writes = new ArrayList<>();
        Set<String> ackedVersions = new HashSet<>();
        Set<String> w1Versions = new HashSet<>();
        int acked = 0;
        int ackedW1 = 0;
        for (Op op : history) {
            if (!op.acked() || op.version() == null || !ackedVersions.add(op.version())) {
                continue;
            }
            boolean w1 = lostSplitByReplicas && op.type().equals("put") && op.replicas() < 2;
            if (w1) {
                ackedW1++;
                w1Versions.add(op.version());
            } else {
                acked++;
            }
            Head h = held.get(op.version());
            boolean tombstone = op.type().equals("delete");
            String content = tombstone ? EMPTY_SHA256 : op.etag() == null ? "" : op.etag().replace("\"", "");
            writes.add(new Write(UUID.fromString(op.key()), Stamp.parse(op.version()), tombstone, content,
                    h == null ? Map.of() : h.seen(), h == null ? null : h.claim(), op.endMillis()));
        }
        for (var node : finals.values()) { // writes that happened though their answer was lost
            node.forEach((key, heads) -> heads.forEach(h -> {
                if (ackedVersions.add(h.version())) {
                    Stamp v = Stamp.parse(h.version());
                    writes.add(new Write(UUID.fromString(key), v, h.tombstone(), h.content(), h.seen(), h.claim(),
                            v.tick().wall()));
                }
            }));
        }
        Map<String, Map<UUID, List<org.gossipcdn.core.sim.check.Head>>> plain = new LinkedHashMap<>();
        finals.forEach((node, perKey) -> {
            Map<UUID, List<org.gossipcdn.core.sim.check.Head>> m = new TreeMap<>();
            perKey.forEach((key, heads) -> m.put(UUID.fromString(key), heads.stream().map(Head::plain).toList()));
            plain.put(node, m);
        });
        Verdict v = Verdict.judge(acked + ackedW1, new ReferenceModel(rules).expect(writes, nowMillis), plain);
        long lostW1 = v.lost().stream().filter(l -> w1Versions.contains(l.substring(l.indexOf(' ') + 1))).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("acked_writes", acked);
        out.put("lost_writes", v.lostWrites() - (int) lostW1);
        if (lostSplitByReplicas) {
            out.put("acked_writes_w1", ackedW1);
            out.put("lost_writes_w1", (int) lostW1);
        }
        out.put("diverged_keys", v.divergedKeys());
        out.put("resurrected", v.resurrected());
        out.put("kept_expired_not_dropped", v.keptExpiredNotDropped());
        if (!v.examples().isEmpty()) {
            out.put("lost_examples", String.join("; ", v.examples()));
        }
        return out;
    }
}
