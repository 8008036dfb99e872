package org.gossipcdn.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.Version;

/**
 * Reads an operation history and every node's final state of every key and reports what went
 * wrong. A node <em>knows</em> a write if it holds it as a head (winner or kept loser) or a head's
 * writer had seen it (its {@code supersedes} covers the version: a knowing overwrite).
 * <ul>
 *   <li>{@code lost_writes}: acknowledged writes some node does not know at the end;</li>
 *   <li>{@code diverged_keys}: keys whose heads differ between nodes after the settle period;</li>
 *   <li>{@code resurrected}: keys whose live winner a kept delete had seen (deleted, yet back);</li>
 *   <li>{@code stale_reads}: reads after settle that did not return the converged winner.</li>
 * </ul>
 */
final class Checker {

    /** One head of a key on one node, from {@code GET /v1/blobs/{key}/versions}. */
    record Head(String version, boolean tombstone, String etag, Map<String, String> supersedes) {

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
            Map<String, String> sup = new HashMap<>();
            r.path("supersedes").fields().forEachRemaining(e -> sup.put(e.getKey(), e.getValue().asText()));
            return new Head(r.get("version").asText(), r.get("tombstone").asBoolean(), r.get("etag").asText(), sup);
        }

        boolean covers(String version) {
            Version v = Version.parse(version);
            String seen = supersedes.get(v.node().toString());
            return seen != null && Hlc.parse(seen).compareTo(v.hlc()) >= 0;
        }
    }

    static boolean knows(List<Head> heads, String version) {
        for (Head h : heads) {
            if (h.version().equals(version) || h.covers(version)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param finals node → key → heads (empty list: the node has no such key)
     * @param lostSplitByReplicas count writes acked with W = 1 separately (kill scenario)
     */
    static Map<String, Object> check(List<Op> history, Map<String, Map<String, List<Head>>> finals, boolean lostSplitByReplicas) {
        int acked = 0;
        int ackedW1 = 0;
        List<String> lost = new ArrayList<>();
        List<String> lostW1 = new ArrayList<>();
        for (Op op : history) {
            if (!op.acked() || op.version() == null) {
                continue;
            }
            boolean w1 = lostSplitByReplicas && op.type().equals("put") && op.replicas() < 2;
            if (w1) {
                ackedW1++;
            } else {
                acked++;
            }
            for (var node : finals.entrySet()) {
                if (!knows(node.getValue().getOrDefault(op.key(), List.of()), op.version())) {
                    (w1 ? lostW1 : lost).add(op.type() + " " + op.key() + " " + op.version() + " acked by " + op.node()
                            + ", unknown at " + node.getKey());
                    break;
                }
            }
        }
        Set<String> keys = new HashSet<>();
        finals.values().forEach(m -> keys.addAll(m.keySet()));
        int diverged = 0;
        int resurrected = 0;
        for (String key : keys) {
            Set<Set<String>> views = new HashSet<>();
            for (var node : finals.values()) {
                Set<String> versions = new HashSet<>();
                node.getOrDefault(key, List.of()).forEach(h -> versions.add(h.version()));
                views.add(versions);
            }
            if (views.size() > 1) {
                diverged++;
            }
            for (var node : finals.values()) {
                List<Head> heads = node.getOrDefault(key, List.of());
                if (!heads.isEmpty() && !heads.get(0).tombstone()
                        && heads.stream().anyMatch(h -> h.tombstone() && h.covers(heads.get(0).version()))) {
                    resurrected++;
                    break;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("acked_writes", acked);
        out.put("lost_writes", lost.size());
        if (lostSplitByReplicas) {
            out.put("acked_writes_w1", ackedW1);
            out.put("lost_writes_w1", lostW1.size());
        }
        out.put("diverged_keys", diverged);
        out.put("resurrected", resurrected);
        if (!lost.isEmpty() || !lostW1.isEmpty()) {
            List<String> examples = new ArrayList<>(lost);
            examples.addAll(lostW1);
            out.put("lost_examples", String.join("; ", examples.subList(0, Math.min(5, examples.size()))));
        }
        return out;
    }
}
