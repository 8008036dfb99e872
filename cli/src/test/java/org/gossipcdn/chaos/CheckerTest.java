package org.gossipcdn.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos checker on hand-made histories and final states (no network needed). */
class CheckerTest {

    static final String KEY = "00000000-0000-0001-0000-000000000002";
    static final String A = "0000000000000000000000000000000a";
    static final String B = "0000000000000000000000000000000b";
    static final String HASH_1 = "1111111111111111111111111111111111111111111111111111111111111111";
    static final String HASH_2 = "2222222222222222222222222222222222222222222222222222222222222222";
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final long T0 = 1_767_225_600_000L;

    static Op put(String version, String hash, int status, int replicas) {
        return new Op("put", KEY, "n1", status, status == 0 ? null : version, status == 0 ? null : "\"" + hash + "\"", replicas,
                T0, T0 + 1, null);
    }

    static Checker.Head head(String version, boolean tombstone, String hash, Map<String, String> seen) {
        return new Checker.Head(version, tombstone, "\"" + hash + "\"", hash, seen, null, null);
    }

    static Map<String, Object> check(List<Op> history, Map<String, List<Checker.Head>> perNode, boolean split) {
        Map<String, Map<String, List<Checker.Head>>> finals = new java.util.LinkedHashMap<>();
        perNode.forEach((n, heads) -> finals.put(n, Map.of(KEY, heads)));
        return Checker.check(history, finals, split, Checker.rules(Duration.ofDays(7)), T0 + 10_000);
    }

    @Test
    void concurrentWritesBothHeldPass() {
        String v1 = (T0 + 1) + ".0@" + A;
        String v2 = (T0 + 2) + ".0@" + B;
        var heads = List.of(head(v2, false, HASH_2, Map.of()), head(v1, false, HASH_1, Map.of()));
        Map<String, Object> r = check(List.of(put(v1, HASH_1, 201, 1), put(v2, HASH_2, 201, 1)),
                Map.of("n1", heads, "n2", heads), false);
        assertThat(r).containsEntry("acked_writes", 2).containsEntry("lost_writes", 0).containsEntry("diverged_keys", 0)
                .containsEntry("resurrected", 0);
    }

    @Test
    void aConcurrentWriteDroppedByOneNodeIsLostAndCountedByItsW() {
        String v1 = (T0 + 1) + ".0@" + A;
        String v2 = (T0 + 2) + ".0@" + B;
        Map<String, Object> r = check(List.of(put(v1, HASH_1, 201, 1), put(v2, HASH_2, 201, 2)),
                Map.of("n1", List.of(head(v2, false, HASH_2, Map.of()), head(v1, false, HASH_1, Map.of())),
                        "n2", List.of(head(v2, false, HASH_2, Map.of()))), true);
        assertThat(r).containsEntry("lost_writes_w1", 1).containsEntry("lost_writes", 0).containsEntry("diverged_keys", 1);
    }

    @Test
    void aWriteWhoseAnswerWasLostCountsOnceANodeHoldsIt() {
        String v1 = (T0 + 1) + ".0@" + A;
        String v2 = (T0 + 2) + ".0@" + B;
        var heads = List.of(head(v2, false, HASH_2, Map.of(A, (T0 + 1) + ".0")));
        Map<String, Object> r = check(List.of(put(v1, HASH_1, 201, 1), put(v2, HASH_2, 0, 1)),
                Map.of("n1", heads, "n2", heads), false);
        assertThat(r).containsEntry("acked_writes", 1).containsEntry("lost_writes", 0).containsEntry("diverged_keys", 0);
    }

    @Test
    void aDeletedValueServedAgainIsResurrected() {
        String v1 = (T0 + 1) + ".0@" + A;
        String del = (T0 + 2) + ".0@" + B;
        Op delete = new Op("delete", KEY, "n2", 204, del, null, 1, T0 + 2, T0 + 3, null);
        Map<String, Object> r = check(List.of(put(v1, HASH_1, 201, 1), delete),
                Map.of("n1", List.of(), "n2", List.of(head(v1, false, HASH_1, Map.of()))), false);
        assertThat(r).containsEntry("resurrected", 1);
        Map<String, Object> ok = check(List.of(put(v1, HASH_1, 201, 1), delete),
                Map.of("n1", List.of(), "n2", List.of(head(del, true, EMPTY, Map.of(A, (T0 + 1) + ".0")))), false);
        assertThat(ok).containsEntry("resurrected", 0).containsEntry("lost_writes", 0).containsEntry("diverged_keys", 0);
    }
}
